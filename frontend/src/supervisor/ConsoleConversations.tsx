import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ArrowRightLeft, GripVertical } from 'lucide-react';
import type { AgentLoad, QueueLoad, RoutedConversation } from '../api/routing';
import type { ID } from '../api/types';
import { ChannelIcon, StatusBadge } from '../inbox/bits';
import { contactLabel, formatListTime } from '../inbox/format';
import { formatWait, secondsSince, waitLevel } from './derive';
import { startConversationDrag } from './dnd';

interface ConsoleConversationsProps {
  items: RoutedConversation[];
  /** Waiting lists show how long each waits; others when each was last active. */
  waiting: boolean;
  agents: AgentLoad[];
  queues: QueueLoad[];
  now: number;
  busyId: ID | null;
  onAssign: (conversation: RoutedConversation, assigneeId: ID | null) => void;
  onTransfer: (conversation: RoutedConversation) => void;
  testId: string;
  empty: string;
}

/** Conversations with an assignee picker and a transfer button each; drag one onto an agent to assign it. */
export function ConsoleConversations(props: ConsoleConversationsProps) {
  const { items, waiting, agents, queues, now, busyId, onAssign, onTransfer, testId, empty } = props;
  const { t, i18n } = useTranslation();
  const queueName = new Map(queues.map((q) => [q.id, q.name]));

  if (items.length === 0) {
    return (
      <p className="muted console-empty" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  }

  return (
    <ul className="console-conversations" data-testid={testId}>
      {items.map((c) => {
        const waited = waiting ? secondsSince(c.queued_at ?? c.created_at, now) : null;
        const name = contactLabel(c.contact);
        return (
          <li
            key={c.id}
            className="console-conversation"
            draggable
            onDragStart={(e) => startConversationDrag(e, c.id)}
            data-testid="console-conversation"
            data-conversation-id={c.id}
            data-contact-name={c.contact.name}
          >
            <span
              className="console-grip"
              aria-hidden="true"
              title={t('supervisor.conversations.dragHint')}
              data-testid="console-drag-handle"
            >
              <GripVertical size={16} />
            </span>
            <span className="console-conversation-main">
              <span className="console-conversation-line">
                <Link to={`/inbox/${c.id}`} className="console-conversation-name" draggable={false}>
                  {name}
                </Link>
                {waiting ? (
                  <span className={`console-waited wait-${waitLevel(waited)}`} data-testid="console-waited">
                    {waited === null ? '' : t('supervisor.conversations.waitingFor', { time: formatWait(waited) })}
                  </span>
                ) : (
                  <time className="muted console-time" dateTime={c.last_message_at}>
                    {formatListTime(c.last_message_at, now, i18n.resolvedLanguage ?? 'en', t)}
                  </time>
                )}
              </span>
              <span className="console-conversation-line muted">
                <span className="console-conversation-meta">
                  <ChannelIcon kind={c.channel_kind} size={13} />
                  <span>{c.channel_name}</span>
                  {c.queue_id && (
                    <>
                      <span aria-hidden="true">·</span>
                      <span data-testid="console-conversation-queue">
                        {queueName.get(c.queue_id) ?? `#${c.queue_id}`}
                      </span>
                    </>
                  )}
                  {!waiting && <StatusBadge status={c.status} />}
                </span>
              </span>
              <span className="console-conversation-preview">{c.last_message_preview || '\u00a0'}</span>
            </span>
            <span className="console-conversation-actions">
              <label className="visually-hidden" htmlFor={`console-assign-${testId}-${c.id}`}>
                {t('supervisor.conversations.assignTo', { name })}
              </label>
              <select
                id={`console-assign-${testId}-${c.id}`}
                className="select-compact"
                data-testid="assign-select"
                disabled={busyId === c.id}
                value={c.assignee_id ?? ''}
                onChange={(e) => onAssign(c, e.target.value ? Number(e.target.value) : null)}
              >
                <option value="">
                  {c.assignee_id ? t('inbox.unassigned') : t('supervisor.conversations.pickAgent')}
                </option>
                {c.assignee_id !== null && !agents.some((a) => a.user_id === c.assignee_id) && (
                  <option value={c.assignee_id}>{c.assignee_name ?? `#${c.assignee_id}`}</option>
                )}
                {agents.map((a) => (
                  <option key={a.user_id} value={a.user_id}>
                    {t('supervisor.conversations.agentOption', {
                      name: a.name,
                      status: t(`presence.status.${a.status}`),
                      open: a.open,
                    })}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button-small"
                data-testid="console-transfer"
                onClick={() => onTransfer(c)}
              >
                <ArrowRightLeft size={14} aria-hidden="true" />
                <span>{t('supervisor.transfer.action')}</span>
              </button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
