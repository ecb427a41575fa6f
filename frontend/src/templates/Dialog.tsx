import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import './templates.css';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Wider dialogs put the form and its preview side by side. */
  wide?: boolean;
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

/** Keeps Tab and Shift+Tab inside the dialog: from the last control to the first and back. */
function trapTab(e: KeyboardEvent, box: HTMLElement) {
  const controls = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.hasAttribute('disabled') && el.tabIndex >= 0,
  );
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (!box.contains(active)) {
    e.preventDefault();
    first.focus();
  } else if (e.shiftKey && (active === first || active === box)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

/** Open dialogs, innermost last: only that one answers Escape and Tab (a history opened from a contact). */
const openDialogs: HTMLElement[] = [];

/**
 * A modal dialog: Escape or the close button dismisses it, focus moves into
 * it on open, stays inside while it is open and goes back to where it was on
 * close.
 */
export function Dialog({ title, onClose, children, testId, wide }: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? box.current)?.focus();
    const self = box.current;
    if (self) openDialogs.push(self);
    const onKey = (e: KeyboardEvent) => {
      if (openDialogs.at(-1) !== self) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab' && box.current) {
        trapTab(e, box.current);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      const at = self ? openDialogs.indexOf(self) : -1;
      if (at >= 0) openDialogs.splice(at, 1);
      previous?.focus?.();
    };
  }, []);

  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
      >
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button dialog-close" aria-label={t('common.close')} onClick={onClose}>
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.body,
  );
}
