import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Clock, MessageSquareReply, Pencil, Plus, Trash2, Users } from 'lucide-react';
import type { Queue } from '../../api/routing';
import { useCan } from '../../auth/session';
import { Alert } from '../../ui/Alert';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { HoursSummary } from './HoursSummary';
import { QueueDialog } from './QueueDialog';
import { useDeleteQueue, useQueues } from './queries';
import { RoutesPanel } from './RoutesPanel';
import './queues.css';

/** Settings → Queues: the account's queues with mode, hours and members; and where each number routes. */
export function QueuesPage() {
  const { t } = useTranslation();
  const canWrite = useCan('queues:write');
  const queues = useQueues();
  const remove = useDeleteQueue();
  const [editing, setEditing] = useState<{ queue?: Queue } | null>(null);
  const [savedName, setSavedName] = useState<string | null>(null);

  return (
    <div className="stack">
      <SectionHeader
        title={t('routing.title')}
        description={t('routing.description')}
        action={
          canWrite && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-queue"
              onClick={() => {
                setSavedName(null);
                setEditing({});
              }}
            >
              <Plus size={16} aria-hidden="true" />
              {t('routing.create')}
            </button>
          )
        }
      />

      {savedName && (
        <Alert tone="success" testId="queue-saved">
          {t('routing.saved', { name: savedName })}
        </Alert>
      )}
      <ErrorAlert error={remove.error} testId="queue-delete-error" />

      <ResourceList query={queues} isEmpty={noItems} empty={t('routing.empty')} emptyTestId="queues-empty">
        {(items) => (
          <ul className="queue-list" data-testid="queue-list">
            {items.map((queue) => (
              <QueueCard
                key={queue.id}
                queue={queue}
                canWrite={canWrite}
                deleting={remove.isPending && remove.variables === queue.id}
                onEdit={() => {
                  setSavedName(null);
                  setEditing({ queue });
                }}
                onDelete={() => remove.mutate(queue.id)}
              />
            ))}
          </ul>
        )}
      </ResourceList>

      {canWrite && queues.data && <RoutesPanel queues={queues.data} />}

      {editing && (
        <QueueDialog
          queue={editing.queue}
          onClose={() => setEditing(null)}
          onSaved={(queue) => {
            setEditing(null);
            setSavedName(queue.name);
          }}
        />
      )}
    </div>
  );
}

interface QueueCardProps {
  queue: Queue;
  canWrite: boolean;
  deleting: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function QueueCard({ queue, canWrite, deleting, onEdit, onDelete }: QueueCardProps) {
  const { t } = useTranslation();
  return (
    <li className="panel queue-card" data-testid="queue-card" data-queue-id={queue.id} data-queue-name={queue.name}>
      <div className="queue-card-head">
        <h3 className="queue-card-name">{queue.name}</h3>
        <span className={`badge queue-mode-badge mode-${queue.mode}`} data-testid="queue-mode">
          {t(`routing.modes.${queue.mode}.title`)}
        </span>
        {canWrite && (
          <ConfirmAction
            className="queue-card-actions"
            trigger={<Trash2 size={14} aria-hidden="true" />}
            triggerTestId="queue-delete"
            triggerLabel={t('routing.deleteNamed', { name: queue.name })}
            iconOnly
            confirmLabel={t('routing.delete')}
            confirmTestId="queue-delete-confirm"
            hint={t('routing.confirmDelete')}
            busy={deleting}
            onConfirm={onDelete}
          >
            <button type="button" className="button button-small" data-testid="queue-edit" onClick={onEdit}>
              <Pencil size={14} aria-hidden="true" />
              {t('routing.edit')}
            </button>
          </ConfirmAction>
        )}
      </div>
      <p className="queue-card-text muted">{t(`routing.modes.${queue.mode}.description`)}</p>
      <dl className="queue-facts">
        <div>
          <dt>
            <Clock size={14} aria-hidden="true" />
            {t('routing.hours.title')}
          </dt>
          <dd>
            <HoursSummary hours={queue.business_hours} />
          </dd>
        </div>
        {queue.business_hours && (
          <div>
            <dt>
              <MessageSquareReply size={14} aria-hidden="true" />
              {t('routing.form.outOfHoursReply')}
            </dt>
            <dd className="queue-reply-text">
              {queue.out_of_hours_reply || <span className="muted">{t('common.none')}</span>}
            </dd>
          </div>
        )}
        <div>
          <dt>
            <Users size={14} aria-hidden="true" />
            {t('routing.members.title')}
          </dt>
          <dd>
            {queue.members.length === 0 ? (
              <span className="muted">{t('routing.members.none')}</span>
            ) : (
              <ul className="queue-members" data-testid="queue-members">
                {queue.members.map((m) => (
                  <li key={m.user_id} className="queue-member-chip" data-testid="queue-member">
                    {m.name}
                    <span className="muted" title={t('routing.members.capacity')}>
                      {' '}
                      · {m.capacity}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
