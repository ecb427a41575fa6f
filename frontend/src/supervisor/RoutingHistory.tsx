import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { HistoryEntry } from '../api/routing';
import type { ID } from '../api/types';
import { useDateTimeFormat } from '../i18n/format';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { consoleKeys, useRoutingHistory } from './queries';
import './supervisor.css';

/** One routing step as a sentence: who routed the conversation where. */
export function useHistoryText() {
  const { t } = useTranslation();
  const someone = t('supervisor.history.someone');
  return (entry: HistoryEntry): string => {
    const actor = entry.actor_name ?? t('supervisor.history.system');
    const user = entry.user_name ?? someone;
    const queue = entry.queue_name ?? t('supervisor.history.deletedQueue');
    switch (entry.kind) {
      case 'queued':
        return t('supervisor.history.queued', { queue });
      case 'auto_assigned':
        return t('supervisor.history.auto_assigned', { user, queue });
      case 'routed_extension':
        return t('supervisor.history.routed_extension', { user });
      case 'first_reply':
        return t('supervisor.history.first_reply', { user });
      case 'claimed':
        return t('supervisor.history.claimed', { user });
      case 'transferred':
        return entry.user_name
          ? t('supervisor.history.transferredToAgent', { actor, user })
          : t('supervisor.history.transferredToQueue', { actor, queue });
      case 'assigned':
        return t('supervisor.history.assigned', { actor, user });
      case 'unassigned':
        return t('supervisor.history.unassigned', { actor });
      default:
        return entry.kind;
    }
  };
}

/** The routing history in the details panel: queued, assigned, claimed, transferred — by whom and when. */
export function RoutingHistory({ conversationId }: { conversationId: ID }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const history = useRoutingHistory(conversationId);
  const text = useHistoryText();
  const formatDate = useDateTimeFormat();

  // Routing changes come as conversation updates; the history follows them.
  useRealtimeEvent((event) => {
    if (event.type !== 'conversation.updated' && event.type !== 'conversation.created') return;
    if ((event.data as { id?: ID } | null)?.id === conversationId) {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.history(conversationId) });
    }
  });

  // Someone who may not see the history (or a server without it) just does not get the section.
  if (history.error instanceof ApiError && (history.error.status === 403 || history.error.status === 404)) return null;

  return (
    <div className="routing-history" data-testid="routing-history">
      <h3 className="contact-section-title">{t('supervisor.history.title')}</h3>
      {history.isPending ? (
        <Spinner />
      ) : history.isError ? (
        <ErrorAlert error={history.error} />
      ) : history.data.length === 0 ? (
        <p className="muted routing-history-empty">{t('supervisor.history.empty')}</p>
      ) : (
        <ol className="routing-history-list">
          {[...history.data].reverse().map((entry) => (
            <li key={entry.id} className="routing-history-entry" data-testid="history-entry" data-kind={entry.kind}>
              <span className="routing-history-text">{text(entry)}</span>
              {entry.note && <q className="routing-history-note">{entry.note}</q>}
              <time className="muted routing-history-time" dateTime={entry.created_at}>
                {formatDate(entry.created_at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
