import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WifiOff } from 'lucide-react';
import type { ConversationStatus } from '../api/inbox';
import type { RoutedConversation, SupervisorFilter } from '../api/routing';
import type { ID } from '../api/types';
import { useNow } from '../inbox/format';
import { useRealtimeStatus } from '../realtime/RealtimeProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { AgentTable } from './AgentTable';
import { ConsoleConversations } from './ConsoleConversations';
import { consoleTotals, waitingOrder } from './derive';
import { useAssign, useConsoleConversations, useOverview } from './queries';
import { QueueCards } from './QueueCards';
import { TransferDialog } from './TransferDialog';
import { useLiveRouting } from './useLiveRouting';
import './supervisor.css';

const STATUSES: Array<ConversationStatus | ''> = ['open', 'pending', 'snoozed', 'resolved', ''];

/**
 * The supervisor console: queues with what waits in them, agents with their
 * presence and load, and the conversations to assign (pick an agent, or drag
 * a conversation onto one) or transfer. Live: refetched on every change.
 */
export function SupervisorPage() {
  const { t } = useTranslation();
  useLiveRouting();
  const now = useNow(1000);
  const overview = useOverview();
  const assign = useAssign();
  const [queueId, setQueueId] = useState<ID | null>(null);
  const [agentId, setAgentId] = useState<ID | null>(null);
  const [status, setStatus] = useState<ConversationStatus | ''>('open');
  const [transferring, setTransferring] = useState<RoutedConversation | null>(null);

  const waitingFilter: SupervisorFilter = { tab: 'waiting', queueId };
  const listFilter: SupervisorFilter = { tab: 'all', queueId, assigneeId: agentId, status };
  const waiting = useConsoleConversations(waitingFilter);
  const list = useConsoleConversations(listFilter);

  const queues = overview.data?.queues ?? [];
  const agents = overview.data?.agents ?? [];
  const totals = consoleTotals(queues, agents);
  const busyId = assign.isPending ? assign.variables.conversationId : null;
  const onAssign = (c: RoutedConversation, assigneeId: ID | null) =>
    assign.mutate({ conversationId: c.id, assigneeId });

  return (
    <div className="console" data-testid="supervisor-console">
      <PageHeader
        title={t('supervisor.title')}
        description={t('supervisor.description')}
        actions={<LiveBadge waiting={totals.waiting} online={totals.online} available={totals.available} />}
      />
      {overview.isPending ? (
        <Spinner />
      ) : overview.isError ? (
        <ErrorAlert error={overview.error} testId="console-error" />
      ) : (
        <div className="console-grid">
          <section className="console-section console-section-queues" aria-labelledby="console-queues-title">
            <h2 id="console-queues-title">{t('supervisor.queues.title')}</h2>
            <QueueCards
              queues={queues}
              fetchedAt={overview.dataUpdatedAt}
              now={now}
              selectedId={queueId}
              onSelect={setQueueId}
            />
          </section>

          <section className="console-section console-section-agents" aria-labelledby="console-agents-title">
            <div className="console-section-head">
              <h2 id="console-agents-title">{t('supervisor.agents.title')}</h2>
              <p className="muted console-hint">{t('supervisor.agents.dropHint')}</p>
            </div>
            <ErrorAlert error={assign.error} testId="console-assign-error" />
            <AgentTable
              agents={agents}
              queues={queues}
              selectedId={agentId}
              onSelect={setAgentId}
              onDropConversation={(conversationId, agent) =>
                assign.mutate({ conversationId, assigneeId: agent.user_id })
              }
            />
          </section>

          <section className="console-section console-section-waiting" aria-labelledby="console-waiting-title">
            <div className="console-section-head">
              <h2 id="console-waiting-title">
                {t('supervisor.conversations.waitingTitle')}
                {queueId !== null && (
                  <span className="muted console-filter-note"> · {queues.find((q) => q.id === queueId)?.name}</span>
                )}
              </h2>
            </div>
            {waiting.isPending ? (
              <Spinner />
            ) : waiting.isError ? (
              <ErrorAlert error={waiting.error} />
            ) : (
              <ConsoleConversations
                items={waitingOrder(waiting.data.items)}
                waiting
                agents={agents}
                queues={queues}
                now={now}
                busyId={busyId}
                onAssign={onAssign}
                onTransfer={setTransferring}
                testId="console-waiting"
                empty={t('supervisor.conversations.noneWaiting')}
              />
            )}
          </section>

          <section className="console-section console-section-list" aria-labelledby="console-list-title">
            <div className="console-section-head console-list-head">
              <h2 id="console-list-title">{t('supervisor.conversations.title')}</h2>
              <div className="console-filters">
                <label className="visually-hidden" htmlFor="console-queue-filter">
                  {t('supervisor.filters.queue')}
                </label>
                <select
                  id="console-queue-filter"
                  className="select-compact"
                  data-testid="console-queue-filter"
                  value={queueId ?? ''}
                  onChange={(e) => setQueueId(e.target.value ? Number(e.target.value) : null)}
                >
                  <option value="">{t('supervisor.filters.allQueues')}</option>
                  {queues.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.name}
                    </option>
                  ))}
                </select>
                <label className="visually-hidden" htmlFor="console-agent-filter">
                  {t('supervisor.filters.agent')}
                </label>
                <select
                  id="console-agent-filter"
                  className="select-compact"
                  data-testid="console-agent-filter"
                  value={agentId ?? ''}
                  onChange={(e) => setAgentId(e.target.value ? Number(e.target.value) : null)}
                >
                  <option value="">{t('supervisor.filters.allAgents')}</option>
                  {agents.map((a) => (
                    <option key={a.user_id} value={a.user_id}>
                      {a.name}
                    </option>
                  ))}
                </select>
                <label className="visually-hidden" htmlFor="console-status-filter">
                  {t('supervisor.filters.status')}
                </label>
                <select
                  id="console-status-filter"
                  className="select-compact"
                  data-testid="console-status-filter"
                  value={status}
                  onChange={(e) => setStatus(e.target.value as ConversationStatus | '')}
                >
                  {STATUSES.map((s) => (
                    <option key={s || 'any'} value={s}>
                      {s ? t(`inbox.status.${s}`) : t('inbox.status.any')}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {list.isPending ? (
              <Spinner />
            ) : list.isError ? (
              <ErrorAlert error={list.error} />
            ) : (
              <ConsoleConversations
                items={list.data.items}
                waiting={false}
                agents={agents}
                queues={queues}
                now={now}
                busyId={busyId}
                onAssign={onAssign}
                onTransfer={setTransferring}
                testId="console-list"
                empty={t('supervisor.conversations.noneMatch')}
              />
            )}
          </section>
        </div>
      )}
      {transferring && <TransferDialog conversation={transferring} onClose={() => setTransferring(null)} />}
    </div>
  );
}

/** Totals, and whether the page is live (the realtime connection is up). */
function LiveBadge({ waiting, online, available }: { waiting: number; online: number; available: number }) {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  const live = status === 'open';
  return (
    <div className="console-totals" data-testid="console-totals">
      <span className="console-total">
        <strong data-testid="console-total-waiting">{waiting}</strong> {t('supervisor.totals.waiting')}
      </span>
      <span className="console-total">
        <strong>{online}</strong> {t('supervisor.totals.online')}
      </span>
      <span className="console-total">
        <strong>{available}</strong> {t('supervisor.totals.available')}
      </span>
      <span className={live ? 'console-live on' : 'console-live'} data-testid="console-live" data-live={live}>
        {live ? <span className="console-live-dot" aria-hidden="true" /> : <WifiOff size={14} aria-hidden="true" />}
        {live ? t('supervisor.live') : t('supervisor.reconnecting')}
      </span>
    </div>
  );
}
