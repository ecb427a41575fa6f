import type { Campaign } from '../api/campaigns';

export type DetailAction = 'edit' | 'delete' | 'cancel' | 'pause' | 'resume' | 'stop' | 'retry' | 'duplicate';

/** The buttons a campaign offers in its status (for a user who may run campaigns). */
export function actionsFor(campaign: Pick<Campaign, 'status' | 'counts'>): DetailAction[] {
  const c = campaign.counts;
  // Retry re-queues failed, unknown and deferred recipients.
  const retryable = (c?.failed ?? 0) + (c?.unknown ?? 0) + (c?.deferred ?? 0) > 0;
  switch (campaign.status) {
    case 'draft':
      return ['edit', 'delete', 'duplicate'];
    case 'scheduled':
      return ['edit', 'cancel', 'duplicate'];
    case 'pending':
      return ['pause', 'stop', 'duplicate'];
    case 'running':
    case 'retrying':
      return ['pause', 'stop', 'duplicate'];
    case 'paused':
      return retryable ? ['resume', 'retry', 'stop', 'duplicate'] : ['resume', 'stop', 'duplicate'];
    case 'stopped':
      return retryable ? ['resume', 'retry', 'duplicate'] : ['resume', 'duplicate'];
    case 'completed':
      return retryable ? ['retry', 'duplicate'] : ['duplicate'];
    default:
      return ['duplicate'];
  }
}
