// Templates: WhatsApp templates synced from the provider, local SMS text
// templates, template sends and new conversations. Shapes are as the server
// sends them.

import { api } from './client';
import type { ConversationDetail, Message } from './inbox';
import type { ID } from './types';

/** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, … and DELETED (gone at the provider). */
export type TemplateStatus = string;
export type ParameterFormat = 'NAMED' | 'POSITIONAL';

export interface TemplateButton {
  type: string;
  text: string;
  url?: string;
  phone_number?: string;
}

/** One part of a template as the provider defines it. */
export interface TemplateComponent {
  /** HEADER, BODY, FOOTER or BUTTONS. */
  type: string;
  /** Header format: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION. */
  format?: string;
  text?: string;
  buttons?: TemplateButton[];
  example?: unknown;
}

/** A value a template takes before it can be sent. */
export interface TemplateVariable {
  /** Where the value goes and how errors name it: header, body.1, body.first_name, buttons.0. */
  field: string;
  component: 'header' | 'body' | 'button';
  /** The placeholder of text variables ("1", "first_name"). */
  name?: string;
  type: 'text' | 'image' | 'document' | 'video' | 'payload';
  required: boolean;
  example?: string;
  button_index?: number;
  button_text?: string;
}

export interface WhatsAppTemplate {
  id: ID;
  channel_id: ID;
  provider_id: string;
  name: string;
  language: string;
  category: string;
  status: TemplateStatus;
  parameter_format: ParameterFormat;
  components: TemplateComponent[];
  variables: TemplateVariable[];
  synced_at: string;
  deleted_at: string | null;
}

/** The outcome of a channel's last template sync. */
export interface TemplateSyncState {
  channel_id: ID;
  attempted_at: string;
  succeeded_at: string | null;
  error: string;
  template_count: number;
}

export interface TemplateList {
  items: WhatsAppTemplate[];
  syncs: TemplateSyncState[];
}

export interface SyncResult {
  channel_id: ID;
  total: number;
  added: number;
  updated: number;
  removed: number;
  synced_at: string;
}

export type HeaderParameter =
  { type: 'image' | 'document' | 'video'; link: string; filename?: string } | { type: 'text'; text: string };

/** The values of a WhatsApp template: a list for positional bodies, an object for named ones. */
export interface TemplateParameters {
  header?: HeaderParameter;
  body?: string[] | Record<string, string>;
  /** A url button's suffix or a quick reply's payload, by button position. */
  buttons?: string[];
}

export interface TemplateSend {
  template_id: ID;
  parameters: TemplateParameters;
}

/** POST /api/conversations: who, where, and the first message. */
export interface NewConversation {
  contact_id?: ID;
  number?: string;
  name?: string;
  channel_id: ID;
  sender_id: ID;
  /** WhatsApp and sandbox channels. */
  template_id?: ID;
  parameters?: TemplateParameters;
  /** SMS channels: an SMS template or a text. */
  sms_template_id?: ID;
  body?: string;
}

export interface StartedConversation {
  conversation: ConversationDetail;
  message: Message;
}

export interface SMSTemplate {
  id: ID;
  name: string;
  body: string;
  placeholders: string[];
  created_at: string;
  updated_at: string;
}

export interface SMSTemplateInput {
  name?: string;
  body?: string;
}

/** An SMS template filled for a conversation's contact; missing placeholders are left empty. */
export interface RenderedSMS {
  text: string;
  missing: string[];
}

export interface TemplateFilter {
  channel_id?: ID;
  status?: string;
}

export const templatesApi = {
  list: (filter: TemplateFilter = {}) => api.get<TemplateList>('/api/templates', { query: { ...filter } }),
  sync: (channelId: ID) => api.post<SyncResult>(`/api/channels/${channelId}/templates/sync`),
  send: (conversationId: ID, send: TemplateSend) =>
    api.post<Message>(`/api/conversations/${conversationId}/templates`, send),
  startConversation: (start: NewConversation) => api.post<StartedConversation>('/api/conversations', start),

  listSMS: () => api.get<{ items: SMSTemplate[] }>('/api/sms-templates'),
  createSMS: (input: SMSTemplateInput) => api.post<SMSTemplate>('/api/sms-templates', input),
  updateSMS: (id: ID, input: SMSTemplateInput) => api.patch<SMSTemplate>(`/api/sms-templates/${id}`, input),
  deleteSMS: (id: ID) => api.delete(`/api/sms-templates/${id}`),
  renderSMS: (conversationId: ID, templateId: ID) =>
    api.post<RenderedSMS>(`/api/conversations/${conversationId}/sms-templates/${templateId}/render`),
};
