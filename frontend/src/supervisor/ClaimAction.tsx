import { useTranslation } from 'react-i18next';
import { Hand } from 'lucide-react';
import { ApiError } from '../api/client';
import type { ConversationView } from '../api/inbox';
import { useCan, useSession } from '../auth/session';
import { useQueues } from '../settings/queues/queries';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useClaim } from './queries';

/**
 * "Claim" for a conversation waiting unassigned in one of the agent's queues:
 * takes it, unless someone was quicker.
 */
export function ClaimAction({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const me = useSession();
  const canAssign = useCan('conversations:assign');
  const queues = useQueues(canAssign && conversation.assignee_id === null && conversation.queue_id !== null);
  const claim = useClaim();

  const inMyQueue = queues.data?.some(
    (q) => q.id === conversation.queue_id && q.members.some((m) => m.user_id === me.user.id),
  );
  // The header stays mounted from one conversation to the next: only this one's claim counts.
  const ours = claim.variables === conversation.id;
  const taken = ours && claim.error instanceof ApiError && claim.error.status === 409;

  if (taken) {
    return (
      <Alert tone="info" testId="claim-taken">
        {t('supervisor.claim.taken')}
      </Alert>
    );
  }
  if (!canAssign || conversation.assignee_id !== null || !inMyQueue) return null;
  return (
    <>
      <button
        type="button"
        className="button button-small button-primary"
        data-testid="claim"
        disabled={claim.isPending}
        title={t('supervisor.claim.hint')}
        onClick={() => claim.mutate(conversation.id)}
      >
        <Hand size={14} aria-hidden="true" />
        {claim.isPending ? t('supervisor.claim.claiming') : t('supervisor.claim.action')}
      </button>
      <ErrorAlert error={ours ? claim.error : null} testId="claim-error" />
    </>
  );
}
