// Campaigns as the API sends them, for the unit tests.
import type { Campaign, CampaignRecipient } from '../api/campaigns';
import type { Group } from '../api/groups';
import type { Channel } from '../api/types';

import { NO_COUNTS } from './CampaignProgress';

export { NO_COUNTS };

export const sandboxChannel: Channel = {
  id: 1,
  kind: 'sandbox',
  name: 'Sandbox',
  enabled: true,
  base_url: '',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  senders: [
    {
      id: 5,
      channel_id: 1,
      phone_number: '+4312345',
      provider_id: '',
      name: 'Demo',
      created_at: '2026-01-01T00:00:00Z',
    },
  ],
  credentials_set: {},
  webhook_url: '',
  held_webhooks: 0,
};

export const smsChannel: Channel = {
  ...sandboxChannel,
  id: 2,
  kind: 'sms_twilio',
  name: 'Twilio',
  senders: [
    {
      id: 6,
      channel_id: 2,
      phone_number: '+4367612345',
      provider_id: '',
      name: '',
      created_at: '2026-01-01T00:00:00Z',
    },
  ],
};

export const newsletter: Group = {
  id: 3,
  name: 'Newsletter',
  kind: 'whatsapp',
  keyword: 'NEWS',
  description: '',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  reach: {
    members: 12,
    sms_reachable: 0,
    whatsapp_registered: 12,
    whatsapp_with_number: 12,
    whatsapp_reachable: 10,
    both_with_numbers: 0,
    both_reachable: 0,
  },
};

export function campaignOf(change: Partial<Campaign> = {}): Campaign {
  return {
    id: 7,
    name: 'Spring sale',
    channel_id: 1,
    sender_id: 5,
    status: 'running',
    stop_reason: '',
    stop_message: '',
    recipients: { group_ids: [3], number_type: 'whatsapp' },
    content: { template_id: 11, parameters: { body: ['Anna', 'A-1'] } },
    mode: 'session',
    route: { queue_id: 1 },
    track_links: false,
    send_at: null,
    time_zone: 'Europe/Vienna',
    created_at: '2026-03-01T09:00:00Z',
    updated_at: '2026-03-01T09:00:00Z',
    started_at: '2026-03-01T09:00:05Z',
    finished_at: null,
    counts: { ...NO_COUNTS, total: 10, queued: 8, sent: 2, excluded: 0 },
    ...change,
  };
}

export function recipientOf(change: Partial<CampaignRecipient> = {}): CampaignRecipient {
  return {
    id: 1,
    number: '+4915100000001',
    contact_id: 9,
    contact_name: 'Erika Muster',
    status: 'sent',
    reason: '',
    reason_message: '',
    sent_at: '2026-03-01T09:00:06Z',
    delivered_at: '2026-03-01T09:00:07Z',
    read_at: null,
    replied_at: null,
    clicked_at: null,
    conversation_id: 40,
    ...change,
  };
}
