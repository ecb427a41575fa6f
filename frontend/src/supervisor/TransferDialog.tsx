import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../api/inbox';
import type { PresenceStatus } from '../api/routing';
import type { ID } from '../api/types';
import { usePresenceList } from '../presence/queries';
import { useQueues, useRoutingAgents } from '../settings/queues/queries';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { useTransfer } from './queries';
import './supervisor.css';

const MAX_NOTE = 1000;

interface TransferDialogProps {
  conversation: Pick<ConversationView, 'id' | 'contact' | 'queue_id' | 'assignee_id'>;
  onClose: () => void;
  onTransferred?: (conversation: ConversationView) => void;
}

/** Hands a conversation to another queue (it waits there) or straight to an agent, with a note for them. */
export function TransferDialog({ conversation, onClose, onTransferred }: TransferDialogProps) {
  const { t } = useTranslation();
  const queues = useQueues();
  const agents = useRoutingAgents(true, { fresh: true });
  const presence = usePresenceList();
  const transfer = useTransfer();
  const [target, setTarget] = useState<'agent' | 'queue'>('agent');
  const [queueId, setQueueId] = useState<ID | ''>('');
  const [userId, setUserId] = useState<ID | ''>('');
  const [note, setNote] = useState('');

  const statusOf = (id: ID): PresenceStatus | undefined => presence.data?.find((p) => p.user_id === id)?.status;
  const chosen = target === 'queue' ? queueId : userId;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen === '') return;
    const input = target === 'queue' ? { queue_id: chosen } : { user_id: chosen };
    transfer.mutate(
      { conversationId: conversation.id, input: { ...input, note: note.trim() || undefined } },
      {
        onSuccess: (view) => {
          onTransferred?.(view);
          onClose();
        },
      },
    );
  }

  const who =
    conversation.contact.name || conversation.contact.whatsapp_number || conversation.contact.sms_number || '';
  return (
    <Dialog title={t('supervisor.transfer.title', { name: who })} onClose={onClose} testId="transfer-dialog">
      <form className="dialog-form" onSubmit={submit}>
        <ErrorAlert error={transfer.error ?? queues.error ?? agents.error} testId="transfer-error" />
        <div className="segmented" role="radiogroup" aria-label={t('supervisor.transfer.to')}>
          {(['agent', 'queue'] as const).map((kind) => (
            <label key={kind} className={target === kind ? 'segmented-option active' : 'segmented-option'}>
              <input
                type="radio"
                name="transfer-target"
                value={kind}
                data-testid={`transfer-target-${kind}`}
                checked={target === kind}
                onChange={() => setTarget(kind)}
              />
              {t(`supervisor.transfer.${kind}`)}
            </label>
          ))}
        </div>
        {target === 'agent' ? (
          <Field label={t('supervisor.transfer.agent')}>
            {(control) => (
              <select
                {...control}
                data-testid="transfer-agent"
                required
                value={userId}
                onChange={(e) => setUserId(e.target.value ? Number(e.target.value) : '')}
              >
                <option value="">{t('supervisor.transfer.pickAgent')}</option>
                {agents.data
                  ?.filter((a) => a.id !== conversation.assignee_id)
                  .map((a) => {
                    const status = statusOf(a.id);
                    return (
                      <option key={a.id} value={a.id}>
                        {status ? `${a.name} (${t(`presence.status.${status}`)})` : a.name}
                      </option>
                    );
                  })}
              </select>
            )}
          </Field>
        ) : (
          <Field label={t('supervisor.transfer.queue')} hint={t('supervisor.transfer.queueHint')}>
            {(control) => (
              <select
                {...control}
                data-testid="transfer-queue"
                required
                value={queueId}
                onChange={(e) => setQueueId(e.target.value ? Number(e.target.value) : '')}
              >
                <option value="">{t('supervisor.transfer.pickQueue')}</option>
                {queues.data?.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.id === conversation.queue_id ? t('supervisor.transfer.currentQueue', { name: q.name }) : q.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('supervisor.transfer.note')} hint={t('supervisor.transfer.noteHint')} optional>
          {(control) => (
            <textarea
              {...control}
              rows={3}
              maxLength={MAX_NOTE}
              data-testid="transfer-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="transfer-submit"
            disabled={chosen === '' || transfer.isPending}
          >
            {transfer.isPending ? t('supervisor.transfer.sending') : t('supervisor.transfer.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
