import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Tag } from 'lucide-react';
import type { Label } from '../api/desk';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { LabelSwatch } from './LabelChip';
import { useLabels } from './queries';

interface LabelPickerProps {
  /** Labels already applied; they are not offered. */
  applied: ID[];
  onPick: (label: Label) => void;
  disabled?: boolean;
}

/** "Add label": a button that opens a filterable menu of the account's labels. */
export function LabelPicker({ applied, onPick, disabled }: LabelPickerProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const labels = useLabels(open);
  const canManage = useCan('labels:write');
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();

  const term = filter.trim().toLowerCase();
  const options = (labels.data ?? []).filter((l) => !applied.includes(l.id) && l.name.toLowerCase().includes(term));

  useEffect(() => {
    if (!open) return;
    setFilter('');
    setActive(0);
    input.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  useEffect(() => setActive(0), [filter]);

  function pick(label: Label | undefined) {
    if (!label) return;
    onPick(label);
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <div className="label-picker" ref={root}>
      <button
        ref={button}
        type="button"
        className="label-add"
        aria-haspopup="listbox"
        aria-expanded={open}
        disabled={disabled}
        data-testid="label-add"
        onClick={() => setOpen((o) => !o)}
      >
        <Tag size={13} aria-hidden="true" />
        {t('labels.add')}
      </button>
      {open && (
        <div className="label-menu" data-testid="label-menu">
          <input
            ref={input}
            type="search"
            className="label-menu-filter"
            placeholder={t('labels.filterPlaceholder')}
            aria-label={t('labels.filterPlaceholder')}
            aria-controls={listId}
            aria-activedescendant={options[active] ? `${listId}-${options[active].id}` : undefined}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <ul className="label-menu-list" role="listbox" id={listId} aria-label={t('labels.add')}>
            {options.map((label, i) => (
              <li
                key={label.id}
                id={`${listId}-${label.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'label-menu-item active' : 'label-menu-item'}
                data-testid="label-option"
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(label)}
              >
                <LabelSwatch color={label.color} />
                {label.name}
              </li>
            ))}
          </ul>
          {labels.isSuccess && options.length === 0 && (
            <p className="label-menu-empty muted">
              {labels.data.length === 0 ? t('labels.noneYet') : t('labels.noMatch')}
              {canManage && labels.data.length === 0 && (
                <>
                  {' '}
                  <Link to="/settings/labels">{t('labels.manage')}</Link>
                </>
              )}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
