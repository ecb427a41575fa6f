import { useTranslation } from 'react-i18next';
import type { PresenceStatus } from '../api/routing';
import './presence.css';

/** A coloured dot for online (green), busy (amber) or offline (grey), named for screen readers. */
export function PresenceDot({ status, testId }: { status: PresenceStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`presence-dot presence-${status}`}
      role="img"
      aria-label={t(`presence.status.${status}`)}
      title={t(`presence.status.${status}`)}
      data-testid={testId}
      data-status={status}
    />
  );
}
