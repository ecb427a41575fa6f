import { useTranslation } from 'react-i18next';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useQueues, useRoutingAgents } from '../settings/queues/queries';
import './supervisor.css';

interface RoutingFiltersProps {
  queueId: ID | null;
  assigneeId: ID | null;
  onChange: (filter: { queueId: ID | null; assigneeId: ID | null }) => void;
}

/** The inbox list's queue and agent filters, for those who supervise. */
export function RoutingFilters({ queueId, assigneeId, onChange }: RoutingFiltersProps) {
  const { t } = useTranslation();
  const canSupervise = useCan('conversations:supervise');
  const queues = useQueues(canSupervise);
  const agents = useRoutingAgents(canSupervise);
  if (!canSupervise) return null;
  return (
    <>
      <label className="visually-hidden" htmlFor="inbox-queue-filter">
        {t('supervisor.filters.queue')}
      </label>
      <select
        id="inbox-queue-filter"
        className="select-compact routing-filter"
        data-testid="queue-filter"
        value={queueId ?? ''}
        onChange={(e) => onChange({ queueId: e.target.value ? Number(e.target.value) : null, assigneeId })}
      >
        <option value="">{t('supervisor.filters.allQueues')}</option>
        {queues.data?.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="inbox-agent-filter">
        {t('supervisor.filters.agent')}
      </label>
      <select
        id="inbox-agent-filter"
        className="select-compact routing-filter"
        data-testid="agent-filter"
        value={assigneeId ?? ''}
        onChange={(e) => onChange({ queueId, assigneeId: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('supervisor.filters.allAgents')}</option>
        {agents.data?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </>
  );
}
