import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Megaphone, Plus } from 'lucide-react';
import type { Campaign } from '../api/campaigns';
import { useCan } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { useChannels } from '../settings/channels/queries';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ResourceList } from '../ui/ResourceList';
import { CampaignProgress, NO_COUNTS } from './CampaignProgress';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { senderOf } from './labels';
import { useCampaigns, useLiveCampaigns } from './queries';
import './campaigns.css';

/** Every campaign with its status, progress and counts, live over the websocket. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const canWrite = useCan('campaigns:write');
  const campaigns = useCampaigns();
  const channels = useChannels();
  const when = useDateTimeFormat();
  useLiveCampaigns();
  const items = campaigns.data?.pages.flatMap((p) => p.items);

  function sendTime(c: Campaign): string {
    if (c.started_at) return when(c.started_at);
    if (c.send_at) return when(c.send_at);
    return c.status === 'draft' ? t('campaigns.list.noTime') : t('campaigns.list.now');
  }

  return (
    <div className="campaigns-screen">
      <PageHeader
        title={t('campaigns.title')}
        description={t('campaigns.description')}
        actions={
          canWrite && (
            <Link to="/campaigns/new" className="button button-primary" data-testid="campaign-new">
              <Plus size={16} aria-hidden="true" />
              {t('campaigns.create')}
            </Link>
          )
        }
      />
      <ResourceList
        query={{ ...campaigns, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            testId="campaigns-empty"
            icon={<Megaphone size={28} />}
            title={t('campaigns.emptyTitle')}
            description={t('campaigns.emptyDescription')}
          />
        }
      >
        {(list) => (
          <div className="table-wrap">
            <table className="table campaigns-table" data-testid="campaigns-table" aria-label={t('campaigns.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.fields.name')}</th>
                  <th scope="col">{t('campaigns.fields.sender')}</th>
                  <th scope="col">{t('campaigns.fields.status')}</th>
                  <th scope="col" className="campaigns-col-progress">
                    {t('campaigns.fields.progress')}
                  </th>
                  <th scope="col">{t('campaigns.fields.sendTime')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => {
                  const s = senderOf(c, channels.data);
                  return (
                    <tr key={c.id} data-testid={`campaign-row-${c.id}`}>
                      <td>
                        <Link to={`/campaigns/${c.id}`} className="campaign-link" data-testid="campaign-link">
                          {c.name}
                        </Link>
                      </td>
                      <td>
                        <span className="campaign-sender">
                          {s.kind && <span className="badge">{t(`inbox.channelKinds.${s.kind as 'sandbox'}`)}</span>}
                          <span>{s.number || s.channelName}</span>
                        </span>
                      </td>
                      <td>
                        <CampaignStatusBadge campaign={c} />
                      </td>
                      <td className="campaigns-col-progress">
                        <CampaignProgress counts={c.counts ?? NO_COUNTS} name={c.name} compact />
                      </td>
                      <td className="campaign-time">{sendTime(c)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {campaigns.hasNextPage && (
              <button
                type="button"
                className="button"
                data-testid="campaigns-more"
                disabled={campaigns.isFetchingNextPage}
                onClick={() => void campaigns.fetchNextPage()}
              >
                {t('campaigns.list.more')}
              </button>
            )}
          </div>
        )}
      </ResourceList>
    </div>
  );
}
