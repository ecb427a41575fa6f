import { useTranslation } from 'react-i18next';
import type { ConsentState } from '../api/consent';
import './consent.css';

/** Granted, revoked or pending, as a coloured pill; "none" when there is no record. */
export function ConsentStateBadge({ state }: { state: ConsentState | null | undefined }) {
  const { t } = useTranslation();
  if (!state) {
    return (
      <span className="badge consent-badge-none" data-testid="consent-state" data-state="none">
        {t('consent.states.none')}
      </span>
    );
  }
  return (
    <span className={`badge consent-badge-${state}`} data-testid="consent-state" data-state={state}>
      {t(`consent.states.${state}`)}
    </span>
  );
}
