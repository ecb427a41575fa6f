// The live inbox's part of the API: conversations, messages, contacts and the
// lists the desk filters by. Shapes are as the server sends them.

import { api } from './client';
import type { LabelRef } from './desk';
import type { ChannelKind, ID, Page } from './types';

export type { ChannelKind };
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type ConversationTab = 'mine' | 'unassigned' | 'all';

export interface ContactRef {
  id: ID;
  name: string;
  whatsapp_number: string | null;
  sms_number: string | null;
}

/** A conversation as the desk lists it (GET /api/conversations and the realtime events). */
export interface ConversationView {
  id: ID;
  contact_id: ID;
  channel_id: ID;
  sender_id: ID;
  status: ConversationStatus;
  snoozed_until: string | null;
  assignee_id: ID | null;
  queue_id: ID | null;
  last_message_at: string;
  last_message_preview: string;
  last_inbound_at: string | null;
  unread_count: number;
  created_at: string;
  updated_at: string;
  contact: ContactRef;
  channel_name: string;
  channel_kind: ChannelKind;
  sender_number: string;
  assignee_name: string | null;
  /** When free-form messages stop being allowed; null without a window (SMS) or before the contact wrote. */
  window_expires_at: string | null;
  /** The conversation's labels, by name (always sent by the server). */
  labels?: LabelRef[];
}

/** GET /api/conversations/{id}: the view plus whether free text may be sent now. */
export interface ConversationDetail extends ConversationView {
  window_open: boolean;
}

export type MessageKind =
  | 'text'
  | 'image'
  | 'audio'
  | 'video'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'template'
  | 'note'
  /** A keyword event ("left NEWS"); extra holds {event, group}. */
  | 'system'
  | 'unsupported';

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';

export interface MessageMedia {
  key?: string;
  mime?: string;
  size?: number;
  filename?: string;
  caption?: string;
  state: 'pending' | 'ready' | 'failed';
  error?: string;
}

export interface MessageLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface Message {
  id: ID;
  conversation_id: ID;
  channel_id: ID;
  direction: 'in' | 'out';
  kind: MessageKind;
  body: string;
  media: MessageMedia | null;
  location: MessageLocation | null;
  extra: unknown;
  provider_message_id: string | null;
  reply_to_id: ID | null;
  status: MessageStatus;
  error_code: string;
  error_title: string;
  author_id: ID | null;
  /** Present on REST answers and most events; some status events leave it out. */
  author_name?: string | null;
  created_at: string;
  provider_at: string | null;
  status_at: string | null;
}

export interface ContactDetail extends ContactRef {
  attributes: Record<string, string>;
  created_at: string;
  conversations: ConversationView[];
}

/** Someone conversations can be assigned to. */
export interface Agent {
  id: ID;
  name: string;
  role: string;
}

export interface ConversationFilter {
  tab: ConversationTab;
  /** Empty for any status. */
  status: ConversationStatus | '';
  channelId: ID | null;
  q: string;
  /** Only conversations carrying this label. */
  labelId?: ID | null;
  /** Supervisors: only conversations of this queue, or assigned to this agent. */
  queueId?: ID | null;
  assigneeId?: ID | null;
}

export interface ConversationChange {
  status?: ConversationStatus;
  snoozed_until?: string;
  assignee_id?: ID | null;
}

export interface NewMessage {
  kind: 'text' | 'note';
  body: string;
  reply_to_id?: ID;
}

export interface NewAttachment {
  file: File;
  body: string;
  reply_to_id?: ID;
}

/** Largest page the messages endpoint returns. */
export const MAX_MESSAGE_PAGE = 200;

/** Where an attachment is served from (authorised by the session cookie). */
export function mediaURL(messageId: ID): string {
  return `/api/messages/${messageId}/media`;
}

export const inboxApi = {
  listConversations: (filter: ConversationFilter, cursor: string | null, limit = 30) =>
    api.get<Page<ConversationView>>('/api/conversations', {
      query: {
        tab: filter.tab,
        status: filter.status || undefined,
        channel_id: filter.channelId ?? undefined,
        label_id: filter.labelId ?? undefined,
        queue_id: filter.queueId ?? undefined,
        assignee_id: filter.assigneeId ?? undefined,
        q: filter.q.trim() || undefined,
        cursor: cursor ?? undefined,
        limit,
      },
    }),
  getConversation: (id: ID) => api.get<ConversationDetail>(`/api/conversations/${id}`),
  updateConversation: (id: ID, change: ConversationChange) =>
    api.patch<ConversationDetail>(`/api/conversations/${id}`, change),
  markRead: (id: ID) => api.post<void>(`/api/conversations/${id}/read`),

  /** Messages in id order: the newest page, older ones with before, newer ones with after. */
  listMessages: (id: ID, params: { before?: ID; after?: ID; limit?: number } = {}) =>
    api.get<{ items: Message[] }>(`/api/conversations/${id}/messages`, { query: params }),
  sendMessage: (id: ID, message: NewMessage) => api.post<Message>(`/api/conversations/${id}/messages`, message),
  sendAttachment: (id: ID, { file, body, reply_to_id }: NewAttachment) => {
    const form = new FormData();
    form.append('file', file);
    if (body) form.append('body', body);
    if (reply_to_id) form.append('reply_to_id', String(reply_to_id));
    return api.postForm<Message>(`/api/conversations/${id}/messages`, form);
  },
  retryMessage: (id: ID) => api.post<Message>(`/api/messages/${id}/retry`),

  getContact: (id: ID) => api.get<ContactDetail>(`/api/contacts/${id}`),
  /** Everyone conversations can be assigned to (GET /api/agents). */
  listAgents: () => api.get<{ items: Agent[] }>('/api/agents'),
  /** The account's users, for administrators on servers without /api/agents. */
  listUsers: () => api.get<Page<Agent & { active: boolean }>>('/api/users', { query: { limit: 200 } }),
};
