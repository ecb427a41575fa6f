// Campaigns: SMS and WhatsApp sends to many recipients, now, scheduled or
// as drafts, with live counts and per-recipient results. Shapes are as
// pinned for issue 11.

import { api, request, type Query } from './client';
import type { ContactFilter } from './contacts';
import type { TemplateParameters } from './templates';
import type { ID } from './types';

export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'pending',
  'running',
  'paused',
  'completed',
  'stopped',
  'retrying',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'failed', 'excluded', 'unknown', 'deferred'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** Why recipients are left out, as the preview counts them. */
export const EXCLUSION_REASONS = ['no_consent', 'opted_out', 'inactive', 'blocked', 'no_number', 'duplicate'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Stop reasons the UI explains; others show the server's message. */
export const STOP_REASONS = ['user', 'bad_credentials', '131048', '368', 'quota'] as const;

export type NumberType = 'sms' | 'whatsapp';
export type SendMode = 'session' | 'direct';
export type CampaignRoute = { queue_id: ID } | { user_id: ID } | Record<string, never>;

export interface CampaignRecipientsSpec {
  numbers?: string[];
  group_ids?: ID[];
  /** The phone book: {} is every contact; a filter narrows it. Absent leaves the phone book out. */
  contacts?: ContactFilter;
  number_type?: NumberType;
  csv_upload_id?: ID;
}

/** A WhatsApp location header (a pasted Google Maps link fills name and coordinates). */
export interface LocationHeader {
  latitude: number;
  longitude: number;
  name: string;
  address: string;
}

export type CampaignParameters = TemplateParameters;

export interface CampaignContent {
  body?: string;
  sms_template_id?: ID;
  template_id?: ID;
  parameters?: CampaignParameters;
  /** An MMS file or a template's header media (a stored media id). */
  media_id?: string;
  /** A template's location header. */
  location?: LocationHeader;
}

/** POST /api/campaigns, PATCH and POST /api/campaigns/preview take this. */
export interface CampaignInput {
  name: string;
  channel_id: ID;
  sender_id: ID;
  recipients: CampaignRecipientsSpec;
  content: CampaignContent;
  send_at: string | null;
  time_zone: string;
  draft: boolean;
  mode: SendMode;
  route: CampaignRoute;
  track_links: boolean;
}

export interface CampaignCounts {
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  excluded: number;
  unknown: number;
  /** Held back by WhatsApp (131049), offered for retry after 24 hours. */
  deferred?: number;
  replied: number;
  clicked: number;
  /** Clicks by link previews and bots, apart from clicked. */
  bot_clicks?: number;
}

export interface Campaign {
  id: ID;
  name: string;
  channel_id: ID;
  sender_id: ID;
  /** Present when the server joins them in; the UI falls back to the channel list. */
  channel_kind?: string;
  channel_name?: string;
  sender_number?: string;
  status: CampaignStatus;
  stop_reason: string;
  stop_message: string;
  recipients: CampaignRecipientsSpec;
  content: CampaignContent;
  mode: SendMode;
  route: CampaignRoute;
  track_links: boolean;
  send_at: string | null;
  time_zone: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Left out by servers that list without counts. */
  counts?: CampaignCounts;
}

export interface CampaignPage {
  items: Campaign[];
  next_cursor: string | null;
}

export interface CampaignPreview {
  total: number;
  excluded: Record<ExclusionReason, number>;
  will_receive: number;
}

export interface RecipientFileError {
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface RecipientFile {
  id: ID;
  name?: string;
  rows: number;
  columns: string[];
  errors: RecipientFileError[];
}

export interface CampaignRecipient {
  id: ID;
  number: string;
  contact_id: ID | null;
  contact_name: string;
  status: RecipientStatus;
  reason: string;
  reason_message: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  replied_at: string | null;
  clicked_at: string | null;
  conversation_id: ID | null;
}

export interface RecipientPage {
  items: CampaignRecipient[];
  next_cursor: string | null;
}

/** One campaign send in a contact's history. */
export interface ContactCampaignMessage {
  campaign_id: ID;
  campaign_name: string;
  channel_kind: string;
  number: string;
  status: RecipientStatus;
  reason: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  replied_at: string | null;
  body: string;
}

export type CampaignAction = 'pause' | 'resume' | 'stop' | 'retry';

export type ResultsFormat = 'csv' | 'xlsx';

/** The download address of a campaign's results (of one status, or all). */
export function resultsExportURL(id: ID, format: ResultsFormat, status: RecipientStatus | ''): string {
  const params = new URLSearchParams({ format });
  if (status) params.set('status', status);
  return `/api/campaigns/${id}/recipients/export?${params.toString()}`;
}

export const campaignsApi = {
  list: (query: Query = {}) => api.get<CampaignPage>('/api/campaigns', { query }),
  get: (id: ID) => api.get<Campaign>(`/api/campaigns/${id}`),
  create: (input: CampaignInput) => api.post<Campaign>('/api/campaigns', input),
  update: (id: ID, input: Partial<CampaignInput>) => api.patch<Campaign>(`/api/campaigns/${id}`, input),
  remove: (id: ID) => api.delete(`/api/campaigns/${id}`),
  preview: (input: CampaignInput, signal?: AbortSignal) =>
    // With a signal, so a newer preview cancels the one on its way.
    request<CampaignPreview>('POST', '/api/campaigns/preview', { body: input, signal }),
  act: (id: ID, action: CampaignAction) => api.post<Campaign>(`/api/campaigns/${id}/${action}`),
  duplicate: (id: ID) => api.post<Campaign>(`/api/campaigns/${id}/duplicate`),
  recipients: (id: ID, status: RecipientStatus | '', cursor: string | null, limit = 100) =>
    api.get<RecipientPage>(`/api/campaigns/${id}/recipients`, {
      query: { status: status || undefined, cursor: cursor ?? undefined, limit },
    }),
  uploadRecipients: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.postForm<RecipientFile>('/api/campaigns/recipient-files', form);
  },
  /** An MMS file or template header media; answers the stored media's id. */
  uploadMedia: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.postForm<{ id: ID | string }>('/api/campaigns/media', form);
  },
  contactMessages: (contactId: ID) =>
    api.get<{ items: ContactCampaignMessage[] }>(`/api/contacts/${contactId}/campaign-messages`),
};
