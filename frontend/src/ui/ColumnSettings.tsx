import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDown, ArrowUp, Columns3 } from 'lucide-react';
import type { RowData } from '@tanstack/react-table';
import { orderedColumns, type ColumnLayout, type DataColumn } from './DataTable';

interface ColumnSettingsProps<T extends RowData> {
  columns: DataColumn<T>[];
  layout: ColumnLayout;
  onChange: (layout: ColumnLayout) => void;
}

/** "Columns": show, hide and reorder a DataTable's columns. */
export function ColumnSettings<T extends RowData>({ columns, layout, onChange }: ColumnSettingsProps<T>) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const ordered = orderedColumns(columns, layout);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  function move(index: number, by: -1 | 1) {
    const order = ordered.map((c) => c.id);
    const [id] = order.splice(index, 1);
    order.splice(index + by, 0, id!);
    onChange({ ...layout, order });
  }

  function toggle(id: string, show: boolean) {
    const hidden = show ? layout.hidden.filter((h) => h !== id) : [...layout.hidden, id];
    onChange({ order: ordered.map((c) => c.id), hidden });
  }

  return (
    <div className="column-settings" ref={box}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        data-testid="column-settings"
        onClick={() => setOpen((o) => !o)}
      >
        <Columns3 size={16} aria-hidden="true" />
        {t('dataTable.columns')}
      </button>
      {open && (
        <div className="column-settings-panel" role="group" aria-label={t('dataTable.columnsTitle')}>
          <p className="field-hint">{t('dataTable.columnsHint')}</p>
          <ol className="column-settings-list">
            {ordered.map((column, index) => (
              <li key={column.id} data-testid={`column-setting-${column.id}`}>
                <label>
                  <input
                    type="checkbox"
                    checked={!layout.hidden.includes(column.id)}
                    disabled={column.alwaysVisible}
                    data-testid={`column-toggle-${column.id}`}
                    onChange={(e) => toggle(column.id, e.target.checked)}
                  />
                  {column.label}
                </label>
                <span className="inline-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('dataTable.moveUp', { name: column.label })}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUp size={14} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('dataTable.moveDown', { name: column.label })}
                    disabled={index === ordered.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDown size={14} aria-hidden="true" />
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
