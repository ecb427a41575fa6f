import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmActionProps {
  /** The button that asks first (its text or icon). */
  trigger: ReactNode;
  triggerTestId?: string;
  /** For icon-only triggers: their accessible name. */
  triggerLabel?: string;
  /** The trigger is an icon: a ghost button with triggerLabel as its tooltip. */
  iconOnly?: boolean;
  /** The danger button that does it. */
  confirmLabel: ReactNode;
  confirmTestId?: string;
  /** A short sentence shown while asking ("The label is taken off every conversation."). */
  hint?: ReactNode;
  /** The request is on its way: the confirm button is disabled. */
  busy: boolean;
  /** Runs the action; call done() to go back to the trigger (rows that stay, e.g. after an error). */
  onConfirm: (done: () => void) => void;
  /** Runs when the user opens the confirmation, e.g. to clear an earlier error. */
  onOpen?: () => void;
  /** Other row actions shown next to the trigger while not asking (e.g. Edit). */
  children?: ReactNode;
  className?: string;
}

/**
 * A destructive row action that asks in place: the trigger turns into
 * Cancel and a danger button, with an optional hint.
 */
export function ConfirmAction({
  trigger,
  triggerTestId,
  triggerLabel,
  iconOnly,
  confirmLabel,
  confirmTestId,
  hint,
  busy,
  onConfirm,
  onOpen,
  children,
  className,
}: ConfirmActionProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  return (
    <span className={className ? `inline-actions ${className}` : 'inline-actions'}>
      {confirming ? (
        <>
          {hint && <span className="muted">{hint}</span>}
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-small button-danger"
            disabled={busy}
            data-testid={confirmTestId}
            onClick={() => onConfirm(() => setConfirming(false))}
          >
            {confirmLabel}
          </button>
        </>
      ) : (
        <>
          {children}
          <button
            type="button"
            className={iconOnly ? 'button button-small button-ghost' : 'button button-small'}
            data-testid={triggerTestId}
            aria-label={triggerLabel}
            title={iconOnly ? triggerLabel : undefined}
            onClick={() => {
              onOpen?.();
              setConfirming(true);
            }}
          >
            {trigger}
          </button>
        </>
      )}
    </span>
  );
}
