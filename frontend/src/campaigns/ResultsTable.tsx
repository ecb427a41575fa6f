import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Download } from 'lucide-react';
import { RECIPIENT_STATUSES, resultsExportURL, type CampaignRecipient, type RecipientStatus } from '../api/campaigns';
import type { ID } from '../api/types';
import { useDateTimeFormat } from '../i18n/format';
import { DataTable, type DataColumn } from '../ui/DataTable';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { useCampaignRecipients } from './queries';
import { useReasonText } from './reasons';

const LAYOUT = { order: [], hidden: [] };

/** The last thing that happened to a recipient, and when. */
function lastEvent(r: CampaignRecipient): { key: string; at: string | null } {
  if (r.replied_at) return { key: 'replied', at: r.replied_at };
  if (r.clicked_at) return { key: 'clicked', at: r.clicked_at };
  if (r.read_at) return { key: 'read', at: r.read_at };
  if (r.delivered_at) return { key: 'delivered', at: r.delivered_at };
  if (r.sent_at) return { key: 'sent', at: r.sent_at };
  return { key: r.status, at: null };
}

/** Every recipient with status, time and the provider's reason; filterable, exported as CSV or XLSX. */
export function ResultsTable({ campaignId }: { campaignId: ID }) {
  const { t } = useTranslation();
  const when = useDateTimeFormat();
  const reasonText = useReasonText();
  const [status, setStatus] = useState<RecipientStatus | ''>('');
  const recipients = useCampaignRecipients(campaignId, status);
  const rows = useMemo(() => recipients.data?.pages.flatMap((p) => p.items) ?? [], [recipients.data]);

  const columns: DataColumn<CampaignRecipient>[] = [
    {
      id: 'number',
      label: t('campaigns.results.number'),
      alwaysVisible: true,
      cell: (r) => (
        <span>
          {r.number}
          {r.contact_name && <span className="muted"> · {r.contact_name}</span>}
        </span>
      ),
    },
    {
      id: 'status',
      label: t('campaigns.results.status'),
      cell: (r) => {
        const last = lastEvent(r);
        return (
          <span className="campaign-recipient-state">
            <span
              className={`badge recipient-status recipient-status-${r.status}`}
              data-testid="recipient-status"
              data-status={r.status}
            >
              {t(`campaigns.recipientStatus.${r.status}`)}
            </span>
            {['delivered', 'read', 'clicked', 'replied'].includes(last.key) && (
              <span className="badge" data-testid="recipient-progress" data-progress={last.key}>
                {t(`campaigns.counts.${last.key as 'read'}`)}
              </span>
            )}
          </span>
        );
      },
    },
    { id: 'time', label: t('campaigns.results.time'), cell: (r) => when(lastEvent(r).at) },
    {
      id: 'reason',
      label: t('campaigns.results.reason'),
      cell: (r) => (r.reason ? <span title={r.reason}>{reasonText(r.reason, r.reason_message)}</span> : ''),
    },
    {
      id: 'conversation',
      label: t('campaigns.results.conversation'),
      cell: (r) =>
        r.conversation_id ? (
          <Link to={`/inbox/${r.conversation_id}`} data-testid="recipient-conversation">
            {t('campaigns.results.open')}
          </Link>
        ) : (
          ''
        ),
    },
  ];

  return (
    <section className="campaign-results" data-testid="campaign-results">
      <div className="campaign-results-toolbar">
        <h2>{t('campaigns.results.title')}</h2>
        <label className="contacts-filter">
          <span className="visually-hidden">{t('campaigns.results.filter')}</span>
          <select
            className="select-compact"
            aria-label={t('campaigns.results.filter')}
            data-testid="results-status-filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as RecipientStatus | '')}
          >
            <option value="">{t('campaigns.results.all')}</option>
            {RECIPIENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`campaigns.recipientStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="inline-actions">
          {(['csv', 'xlsx'] as const).map((format) => (
            <a
              key={format}
              className="button button-small"
              href={resultsExportURL(campaignId, format, status)}
              download
              data-testid={`results-export-${format}`}
            >
              <Download size={14} aria-hidden="true" />
              {t(`campaigns.results.export.${format}`)}
            </a>
          ))}
        </span>
      </div>
      {recipients.isPending ? (
        <Spinner />
      ) : recipients.isError ? (
        <ErrorAlert error={recipients.error} />
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="results-empty">
          {t('campaigns.results.empty')}
        </p>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          getRowId={(r) => String(r.id)}
          label={t('campaigns.results.title')}
          sort={null}
          onSortChange={() => {}}
          layout={LAYOUT}
          hasMore={!!recipients.hasNextPage}
          loadingMore={recipients.isFetchingNextPage}
          onLoadMore={() => void recipients.fetchNextPage()}
          testId="results-table"
          rowTestId={(r) => `recipient-row-${r.number}`}
        />
      )}
    </section>
  );
}
