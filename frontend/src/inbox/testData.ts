// Builders of inbox API documents for unit tests.

import type { ConversationDetail, Message } from '../api/inbox';

const HOUR = 60 * 60_000;

export function conversationOf(id: number, change: Partial<ConversationDetail> = {}): ConversationDetail {
  const now = Date.now();
  const lastAt = new Date(now - id * 60_000).toISOString();
  return {
    id,
    contact_id: 100 + id,
    channel_id: 1,
    sender_id: 1,
    status: 'open',
    snoozed_until: null,
    assignee_id: null,
    queue_id: null,
    last_message_at: lastAt,
    last_message_preview: `Preview ${id}`,
    last_inbound_at: lastAt,
    unread_count: 0,
    created_at: lastAt,
    updated_at: lastAt,
    contact: { id: 100 + id, name: `Contact ${id}`, whatsapp_number: `+49151000000${id}`, sms_number: null },
    channel_name: 'Sandbox',
    channel_kind: 'sandbox',
    sender_number: '+4930901820',
    assignee_name: null,
    window_expires_at: new Date(now + 20 * HOUR).toISOString(),
    window_open: true,
    ...change,
  };
}

export function messageOf(id: number, change: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 1,
    channel_id: 1,
    direction: 'in',
    kind: 'text',
    body: `Message ${id}`,
    media: null,
    location: null,
    extra: {},
    provider_message_id: `wamid.${id}`,
    reply_to_id: null,
    status: 'received',
    error_code: '',
    error_title: '',
    author_id: null,
    author_name: null,
    created_at: new Date(Date.now() - (1000 - id) * 1000).toISOString(),
    provider_at: null,
    status_at: null,
    ...change,
  };
}
