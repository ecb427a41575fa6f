import { useTranslation } from 'react-i18next';
import type { Campaign } from '../api/campaigns';
import { stopReasonKey } from './stopReasons';
import './campaigns.css';

/** The campaign's status; a stopped campaign names why. */
export function CampaignStatusBadge({ campaign }: { campaign: Pick<Campaign, 'status' | 'stop_reason'> }) {
  const { t } = useTranslation();
  const { status } = campaign;
  return (
    <span
      className={`badge campaign-status campaign-status-${status}`}
      data-testid="campaign-status"
      data-status={status}
    >
      {t(`campaigns.status.${status}`)}
      {status === 'stopped' && campaign.stop_reason && (
        <span className="campaign-status-reason">
          {' '}
          · {t(`campaigns.stopReasons.${stopReasonKey(campaign.stop_reason)}.short`)}
        </span>
      )}
    </span>
  );
}
