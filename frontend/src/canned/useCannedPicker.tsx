import {
  useEffect,
  useId,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Paperclip, X } from 'lucide-react';
import { deskApi, type CannedResponse } from '../api/desk';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useErrorMessage } from '../ui/errors';
import { useCannedSearch } from './queries';
import { findSlashTrigger, replaceTrigger, type SlashTrigger } from './trigger';
import './canned.css';

/** Typing pauses this long before the popup searches. */
const SEARCH_DELAY_MS = 120;

interface CannedPickerOptions {
  conversationId: ID;
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** Puts new text into the composer (as if typed). */
  onText: (text: string) => void;
  /** Hands a canned response's file to the composer as its attachment. */
  onAttachment?: (file: File) => void;
}

type Notice = { missing: string[] } | { error: unknown } | null;

export interface CannedPicker {
  /** The popup (drawn over the page above the textarea); render it anywhere in the composer. */
  popup: ReactNode;
  /** A hint after inserting (placeholders without a value, or a failure); render it under the box. */
  notice: ReactNode;
  /** Call from the textarea's onChange with the new value and caret. */
  onInput: (value: string, caret: number) => void;
  /** Call first in the textarea's onKeyDown; true means the key was used and nothing else should happen. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Spread onto the textarea: caret tracking and the ARIA ties to the popup. */
  inputProps: {
    onSelect: () => void;
    onBlur: () => void;
    'aria-autocomplete': 'list';
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
  };
}

/**
 * The composer's canned responses: typing "/" at the start of a word opens a
 * popup that searches as one types; arrow keys choose, Enter or Tab inserts
 * the response filled in for the conversation's contact, Esc closes.
 */
export function useCannedPicker({ conversationId, textarea, onText, onAttachment }: CannedPickerOptions): CannedPicker {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const canRead = useCan('canned:read');
  const listId = useId();
  const [trigger, setTrigger] = useState<SlashTrigger | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<Notice>(null);

  const open = canRead && trigger !== null && dismissedAt !== trigger.start;
  const typed = trigger?.query ?? '';

  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed), typed === '' ? 0 : SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    setTrigger(null);
    setNotice(null);
  }, [conversationId]);

  const search = useCannedSearch(query, open);
  const results = search.data ?? [];

  function sync(value: string, caret: number) {
    const next = findSlashTrigger(value, caret);
    setTrigger(next);
    if (!next || next.start !== dismissedAt) setDismissedAt(null);
  }

  async function pick(canned: CannedResponse | undefined) {
    if (!canned || !trigger) return;
    const at = trigger;
    setTrigger(null);
    setNotice(null);
    try {
      const rendered = await deskApi.renderCanned(conversationId, canned.id);
      const el = textarea.current;
      const current = el?.value ?? '';
      // Typing may have gone on meanwhile: replace the trigger where it is now.
      const now = el ? findSlashTrigger(current, el.selectionStart) : null;
      const target = now && now.start === at.start ? now : at;
      const next = replaceTrigger(current, target, rendered.text);
      onText(next.text);
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(next.caret, next.caret);
      });
      if (rendered.missing.length > 0) setNotice({ missing: rendered.missing });
      if (rendered.attachment && onAttachment) {
        onAttachment(await deskApi.fetchCannedAttachment(canned.id, rendered.attachment));
      }
    } catch (err) {
      setNotice({ error: err });
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || e.nativeEvent.isComposing) return false;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (results.length === 0) return false;
        e.preventDefault();
        setActive((i) =>
          e.key === 'ArrowDown' ? (i + 1) % results.length : (i - 1 + results.length) % results.length,
        );
        return true;
      case 'Enter':
      case 'Tab': {
        if (results.length === 0 || e.shiftKey) return false;
        e.preventDefault();
        // The list may still show the previous search: then only a shortcode
        // that starts with what was typed is picked, never a stale neighbour.
        const stale = query !== typed || search.isPlaceholderData;
        const prefix = typed.toLowerCase();
        void pick(
          stale ? results.find((c) => c.shortcode.startsWith(prefix)) : results[Math.min(active, results.length - 1)],
        );
        return true;
      }
      case 'Escape':
        e.preventDefault();
        setDismissedAt(trigger!.start);
        return true;
    }
    return false;
  }

  const activeId = open && results[active] ? `${listId}-${results[active].id}` : undefined;

  const popup = open
    ? createPortal(
        <div className="canned-popup" style={popupPosition(textarea.current)} data-testid="canned-popup">
          <div className="canned-popup-head">
            <span>{t('canned.popup.title')}</span>
            <span className="muted">{t('canned.popup.keys')}</span>
          </div>
          <ul className="canned-popup-list" role="listbox" id={listId} aria-label={t('canned.popup.title')}>
            {results.map((canned, i) => (
              <li
                key={canned.id}
                id={`${listId}-${canned.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'canned-option active' : 'canned-option'}
                data-testid="canned-option"
                data-shortcode={canned.shortcode}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void pick(canned)}
              >
                <span className="canned-option-code">/{canned.shortcode}</span>
                <span className="canned-option-text">{canned.text}</span>
                {canned.attachment && (
                  <Paperclip size={13} className="canned-option-file" aria-label={canned.attachment.filename} />
                )}
              </li>
            ))}
          </ul>
          {search.isSuccess && results.length === 0 && (
            <p className="canned-popup-empty muted" data-testid="canned-popup-empty">
              {query ? t('canned.popup.noMatch', { query }) : t('canned.popup.none')}
            </p>
          )}
          {search.isError && <p className="canned-popup-empty">{errorMessage(search.error)}</p>}
        </div>,
        document.body,
      )
    : null;

  const noticeNode = notice ? (
    <div className="canned-notice" role="status" data-testid="canned-notice">
      <span>
        {'missing' in notice ? t('canned.missing', { names: notice.missing.join(', ') }) : errorMessage(notice.error)}
      </span>
      <button type="button" className="icon-button" aria-label={t('common.dismiss')} onClick={() => setNotice(null)}>
        <X size={14} aria-hidden="true" />
      </button>
    </div>
  ) : null;

  return {
    popup,
    notice: noticeNode,
    onInput: sync,
    onKeyDown,
    inputProps: {
      onSelect: () => {
        const el = textarea.current;
        if (el) sync(el.value, el.selectionStart);
      },
      onBlur: () => setTrigger(null),
      'aria-autocomplete': 'list',
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': activeId,
    },
  };
}

/**
 * Where the popup goes: just above the textarea, as wide as it (up to the
 * stylesheet's maximum). It is fixed on the page so that no scrolling or
 * clipping container of the composer cuts it off.
 */
function popupPosition(el: HTMLTextAreaElement | null): CSSProperties {
  if (!el) return {};
  const rect = el.getBoundingClientRect();
  return { left: rect.left, bottom: window.innerHeight - rect.top + 6, width: rect.width };
}
