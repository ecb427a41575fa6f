import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentLoad, QueueLoad } from '../api/routing';
import type { ID, Role } from '../api/types';
import { PresenceDot } from '../presence/PresenceDot';
import { capacityBar } from './derive';
import { draggingConversation, droppedConversation } from './dnd';

interface AgentTableProps {
  agents: AgentLoad[];
  queues: QueueLoad[];
  selectedId: ID | null;
  onSelect: (id: ID | null) => void;
  /** A conversation was dropped on an agent. */
  onDropConversation: (conversationId: ID, agent: AgentLoad) => void;
}

/** Agents with presence, load against capacity and queues; drop a conversation on one to assign it. */
export function AgentTable({ agents, queues, selectedId, onSelect, onDropConversation }: AgentTableProps) {
  const { t } = useTranslation();
  const [dropTarget, setDropTarget] = useState<ID | null>(null);
  const queueName = new Map(queues.map((q) => [q.id, q.name]));

  if (agents.length === 0) return <p className="muted">{t('supervisor.agents.none')}</p>;

  return (
    <div className="table-wrap">
      <table className="table table-cards console-agents" data-testid="console-agents">
        <thead>
          <tr>
            <th scope="col">{t('supervisor.agents.agent')}</th>
            <th scope="col">{t('supervisor.agents.status')}</th>
            <th scope="col">{t('supervisor.agents.load')}</th>
            <th scope="col">{t('supervisor.agents.queues')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => {
            const bar = capacityBar(agent.open, agent.capacity);
            const selected = agent.user_id === selectedId;
            const over = (e: DragEvent) => {
              if (!draggingConversation(e)) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              setDropTarget(agent.user_id);
            };
            return (
              <tr
                key={agent.user_id}
                className={[
                  'console-agent',
                  selected ? 'selected' : '',
                  dropTarget === agent.user_id ? 'drop-target' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-testid="console-agent"
                data-user-id={agent.user_id}
                data-agent-name={agent.name}
                data-status={agent.status}
                data-open={agent.open}
                onDragEnter={over}
                onDragOver={over}
                onDragLeave={() => setDropTarget((id) => (id === agent.user_id ? null : id))}
                onDrop={(e) => {
                  e.preventDefault();
                  setDropTarget(null);
                  const id = droppedConversation(e);
                  if (id) onDropConversation(id, agent);
                }}
              >
                <td className="cell-user console-agent-who">
                  <button
                    type="button"
                    className="console-agent-name"
                    aria-pressed={selected}
                    title={t('supervisor.agents.filterHint')}
                    data-testid="console-agent-select"
                    onClick={() => onSelect(selected ? null : agent.user_id)}
                  >
                    <PresenceDot status={agent.status} testId="console-agent-presence" />
                    <span className="cell-strong">{agent.name}</span>
                  </button>
                  <span className="cell-secondary">{t(`roles.${agent.role as Role}`)}</span>
                </td>
                <td data-label={t('supervisor.agents.status')}>{t(`presence.status.${agent.status}`)}</td>
                <td data-label={t('supervisor.agents.load')}>
                  <span className="load">
                    <span className="load-text" data-testid="console-agent-load">
                      {agent.capacity > 0
                        ? t('supervisor.agents.openOfCapacity', { open: agent.open, capacity: agent.capacity })
                        : t('supervisor.agents.openOnly', { count: agent.open })}
                    </span>
                    <span
                      className={`load-bar load-${bar.level}`}
                      role="meter"
                      aria-valuemin={0}
                      aria-valuemax={agent.capacity || 1}
                      aria-valuenow={agent.open}
                      aria-label={t('supervisor.agents.load')}
                    >
                      <span className="load-bar-fill" style={{ width: `${bar.percent}%` }} />
                    </span>
                  </span>
                </td>
                <td data-label={t('supervisor.agents.queues')} className="console-agent-queues">
                  {agent.queues.length === 0 ? (
                    <span className="muted">–</span>
                  ) : (
                    agent.queues.map((id) => queueName.get(id) ?? `#${id}`).join(', ')
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
