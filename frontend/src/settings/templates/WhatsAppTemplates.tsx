import { useTranslation } from 'react-i18next';
import { RefreshCw } from 'lucide-react';
import type { TemplateSyncState, WhatsAppTemplate } from '../../api/templates';
import type { Channel } from '../../api/types';
import { useCan } from '../../auth/session';
import { useDateTimeFormat } from '../../i18n/format';
import { bodyText } from '../../templates/values';
import { useSyncTemplates, useTemplates } from '../../templates/queries';
import { Alert } from '../../ui/Alert';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { useChannels } from '../channels/queries';
import { StatusBadge } from './StatusBadge';

/** WhatsApp templates of every WhatsApp and sandbox channel, with their sync. */
export function WhatsAppTemplates() {
  const { t } = useTranslation();
  const channels = useChannels();
  const templates = useTemplates();
  const withTemplates = (channels.data ?? []).filter((c) => c.kind === 'whatsapp_cloud' || c.kind === 'sandbox');

  return (
    <section className="stack" aria-labelledby="wa-templates-title">
      <div>
        <h3 id="wa-templates-title">{t('templates.whatsapp.title')}</h3>
        <p className="muted">{t('templates.whatsapp.description')}</p>
      </div>
      <ResourceList
        query={{
          isPending: channels.isPending || templates.isPending,
          isError: channels.isError || templates.isError,
          error: channels.error ?? templates.error,
          data: templates.data && { channels: withTemplates, ...templates.data },
        }}
        isEmpty={(data) => data.channels.length === 0}
        empty={t('templates.whatsapp.noChannels')}
      >
        {({ channels: list, items, syncs }) =>
          list.map((c) => (
            <ChannelTemplates
              key={c.id}
              channel={c}
              templates={items.filter((tpl) => tpl.channel_id === c.id)}
              sync={syncs.find((s) => s.channel_id === c.id)}
            />
          ))
        }
      </ResourceList>
    </section>
  );
}

interface ChannelTemplatesProps {
  channel: Channel;
  templates: WhatsAppTemplate[];
  sync?: TemplateSyncState;
}

function ChannelTemplates({ channel, templates, sync }: ChannelTemplatesProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const canSync = useCan('templates:write');
  const run = useSyncTemplates();
  const result = run.data;

  return (
    <div className="panel stack template-channel" data-testid={`template-channel-${channel.id}`}>
      <SectionHeader
        level="h3"
        title={
          <>
            {channel.name} <span className="badge">{t(`inbox.channelKinds.${channel.kind}`)}</span>
          </>
        }
        descriptionTestId="template-sync-state"
        description={
          !sync
            ? t('templates.whatsapp.neverSynced')
            : sync.error
              ? t('templates.whatsapp.syncFailedAt', { date: formatDate(sync.attempted_at) })
              : t('templates.whatsapp.syncedAt', { date: formatDate(sync.succeeded_at), count: sync.template_count })
        }
        action={
          canSync && (
            <button
              type="button"
              className="button"
              disabled={run.isPending}
              data-testid="template-sync"
              onClick={() => run.mutate(channel.id)}
            >
              <RefreshCw size={16} aria-hidden="true" className={run.isPending ? 'spin' : undefined} />
              {run.isPending ? t('templates.whatsapp.syncing') : t('templates.whatsapp.sync')}
            </button>
          )
        }
      />
      {result && !run.isPending && (
        <Alert tone="success" testId="template-sync-result">
          {t('templates.whatsapp.syncResult', {
            count: result.total,
            added: result.added,
            updated: result.updated,
            removed: result.removed,
          })}
        </Alert>
      )}
      <ErrorAlert error={run.error} testId="template-sync-error" />
      {!run.error && sync?.error && <Alert>{sync.error}</Alert>}

      {templates.length === 0 ? (
        <p className="muted">{t('templates.whatsapp.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid={`templates-table-${channel.id}`}>
            <thead>
              <tr>
                <th scope="col">{t('templates.columns.name')}</th>
                <th scope="col">{t('templates.columns.language')}</th>
                <th scope="col">{t('templates.columns.category')}</th>
                <th scope="col">{t('templates.columns.status')}</th>
                <th scope="col">{t('templates.columns.text')}</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tpl) => (
                <tr key={tpl.id} data-testid={`template-row-${tpl.name}`}>
                  <td className="cell-strong">{tpl.name}</td>
                  <td>{tpl.language}</td>
                  <td>
                    {t(`templates.category.${tpl.category}` as 'templates.category.UTILITY', {
                      defaultValue: tpl.category,
                    })}
                  </td>
                  <td>
                    <StatusBadge status={tpl.status} />
                  </td>
                  <td className="template-text-cell">
                    <span className="template-text">{bodyText(tpl)}</span>
                    {tpl.variables.length > 0 && (
                      <span className="cell-secondary">
                        {t('templates.whatsapp.variables', { count: tpl.variables.length })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
