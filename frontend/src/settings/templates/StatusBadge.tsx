import { useTranslation } from 'react-i18next';

const TONES: Record<string, string> = {
  APPROVED: 'badge badge-success',
  PENDING: 'badge template-badge-warning',
  PAUSED: 'badge template-badge-warning',
  REJECTED: 'badge template-badge-danger',
  DISABLED: 'badge template-badge-danger',
  DELETED: 'badge',
};

/** A template's review status; only approved templates can be sent. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={TONES[status] ?? 'badge'} data-testid="template-status">
      {t(`templates.status.${status}` as 'templates.status.APPROVED', { defaultValue: status })}
    </span>
  );
}
