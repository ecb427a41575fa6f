import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  onCancel: () => void;
  /** The submit button's text while idle and while the request is on its way. */
  submitLabel: ReactNode;
  pendingLabel: ReactNode;
  pending: boolean;
  /** Disables submitting for reasons other than a pending request (form incomplete). */
  disabled?: boolean;
  submitTestId?: string;
  /** Shown before the submit label, e.g. a send icon. */
  icon?: ReactNode;
  /** Spans the whole row of a .form-grid. */
  fullWidth?: boolean;
}

/** The Cancel / Submit row at the end of a form. */
export function FormActions({
  onCancel,
  submitLabel,
  pendingLabel,
  pending,
  disabled,
  submitTestId,
  icon,
  fullWidth,
}: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className={fullWidth ? 'form-actions form-grid-full' : 'form-actions'}>
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button-primary" disabled={pending || disabled} data-testid={submitTestId}>
        {icon}
        {pending ? pendingLabel : submitLabel}
      </button>
    </div>
  );
}
