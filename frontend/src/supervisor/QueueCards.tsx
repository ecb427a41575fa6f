import { useTranslation } from 'react-i18next';
import { Timer, Users } from 'lucide-react';
import type { QueueLoad } from '../api/routing';
import type { ID } from '../api/types';
import { formatWait, longestWait, waitLevel } from './derive';

interface QueueCardsProps {
  queues: QueueLoad[];
  fetchedAt: number;
  now: number;
  selectedId: ID | null;
  onSelect: (id: ID | null) => void;
}

/** One card per queue: how many wait, the longest wait (ticking), open or closed now, and the mode. */
export function QueueCards({ queues, fetchedAt, now, selectedId, onSelect }: QueueCardsProps) {
  const { t } = useTranslation();
  if (queues.length === 0) {
    return (
      <p className="muted" data-testid="console-no-queues">
        {t('supervisor.noQueues')}
      </p>
    );
  }
  return (
    <ul className="console-queues" data-testid="console-queues">
      {queues.map((queue) => {
        const wait = longestWait(queue, fetchedAt, now);
        const selected = queue.id === selectedId;
        return (
          <li key={queue.id}>
            <button
              type="button"
              className={`console-queue wait-${waitLevel(wait)}${selected ? ' selected' : ''}`}
              aria-pressed={selected}
              data-testid="console-queue"
              data-queue-id={queue.id}
              data-queue-name={queue.name}
              title={t('supervisor.queues.filterHint')}
              onClick={() => onSelect(selected ? null : queue.id)}
            >
              <span className="console-queue-head">
                <span className="console-queue-name">{queue.name}</span>
                <span
                  className={queue.open_now ? 'badge badge-success' : 'badge'}
                  data-testid="console-queue-open"
                  data-open={queue.open_now}
                >
                  {queue.open_now ? t('supervisor.queues.open') : t('supervisor.queues.closed')}
                </span>
              </span>
              <span className="console-queue-figures">
                <span className="console-figure">
                  <span className="console-figure-value" data-testid="console-queue-waiting">
                    {queue.waiting}
                  </span>
                  <span className="console-figure-label">{t('supervisor.queues.waiting')}</span>
                </span>
                <span className="console-figure">
                  <span className="console-figure-value console-wait" data-testid="console-queue-wait">
                    <Timer size={16} aria-hidden="true" />
                    {wait === null ? '–' : formatWait(wait)}
                  </span>
                  <span className="console-figure-label">{t('supervisor.queues.longestWait')}</span>
                </span>
              </span>
              <span className="console-queue-foot muted">
                <span>{t(`routing.modes.${queue.mode}.title`)}</span>
                <span aria-hidden="true">·</span>
                <Users size={13} aria-hidden="true" />
                <span>{t('supervisor.queues.members', { count: queue.members.length })}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
