import type { Campaign } from '../api/campaigns';
import type { Channel } from '../api/types';

/** "WhatsApp · +43 660 1234567": the campaign's channel and sender number. */
export function senderOf(campaign: Campaign, channels: Channel[] | undefined) {
  const channel = channels?.find((c) => c.id === campaign.channel_id);
  const sender = channel?.senders.find((s) => s.id === campaign.sender_id);
  return {
    channelName: campaign.channel_name ?? channel?.name ?? '',
    kind: campaign.channel_kind ?? channel?.kind ?? '',
    number: campaign.sender_number ?? sender?.phone_number ?? '',
  };
}

/** Drafts and scheduled campaigns can still be changed. */
export function isEditable(campaign: Pick<Campaign, 'status'>): boolean {
  return campaign.status === 'draft' || campaign.status === 'scheduled';
}
