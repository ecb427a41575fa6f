// Consent records ("Freigaben"): who may be messaged on which channel kind,
// their history, changes by hand, export and the account's keyword settings.
// Shapes are as pinned for issue 10.

import { api, type Query } from './client';
import type { ID } from './types';

/** Consent is kept per number and channel kind; the sandbox counts as WhatsApp. */
export type ConsentChannelKind = 'whatsapp' | 'sms';
export const CONSENT_CHANNEL_KINDS: ConsentChannelKind[] = ['whatsapp', 'sms'];

export type ConsentState = 'granted' | 'revoked' | 'pending';
export const CONSENT_STATES: ConsentState[] = ['granted', 'revoked', 'pending'];

export type ConsentSource = 'inbound_message' | 'keyword' | 'widget' | 'import' | 'api' | 'agent' | 'provider';
export const CONSENT_SOURCES: ConsentSource[] = [
  'inbound_message',
  'keyword',
  'widget',
  'import',
  'api',
  'agent',
  'provider',
];

/** The current consent of one number on one channel kind. */
export interface ConsentRecord {
  /** E.164 */
  number: string;
  channel_kind: ConsentChannelKind;
  state: ConsentState;
  source: ConsentSource;
  /** Sender number reached, keyword, file name or provider code, by source. */
  detail: string;
  /** The user's note of a change by hand. */
  note: string;
  changed_at: string;
  user_id: ID | null;
  contact: { id: ID; name: string } | null;
}

/** One change in a number's append-only history. */
export interface ConsentHistoryEntry {
  id: ID;
  number: string;
  channel_kind: ConsentChannelKind;
  state: ConsentState;
  source: ConsentSource;
  detail: string;
  note: string;
  user_id: ID | null;
  at: string;
}

export interface ConsentFilter {
  q?: string;
  channel_kind?: ConsentChannelKind;
  state?: ConsentState;
  source?: ConsentSource;
}

export interface ConsentPage {
  items: ConsentRecord[];
  next_cursor: string | null;
}

/** A change by hand; numbers in national format are read with the account's default country. */
export interface ConsentInput {
  number: string;
  channel_kind: ConsentChannelKind;
  state: 'granted' | 'revoked';
  note: string;
}

/** What the contact JSON says about a number's consent on one kind. */
export interface ConsentSummary {
  state: ConsentState;
  source: ConsentSource;
  changed_at: string;
}

/** The `consents` field of a contact; older servers leave it out. */
export type ContactConsents = Partial<Record<ConsentChannelKind, ConsentSummary | null>>;

export type ReplyKey = 'stopped' | 'started' | 'joined' | 'left' | 'unknown';
export const REPLY_KEYS: ReplyKey[] = ['stopped', 'started', 'joined', 'left', 'unknown'];
export type ReplyLanguage = 'de' | 'en';
export const REPLY_LANGUAGES: ReplyLanguage[] = ['de', 'en'];

/** The account's consent and keyword settings (admin). */
export interface ConsentSettings {
  inbound_is_opt_in: boolean;
  language: ReplyLanguage;
  stop_words: string[];
  start_words: string[];
  replies: Record<ReplyLanguage, Record<ReplyKey, string>>;
}

export const MAX_NOTE_LENGTH = 500;

function filterQuery(filter: ConsentFilter): Query {
  return { ...filter, q: filter.q?.trim() || undefined };
}

export type ConsentExportFormat = 'csv' | 'xlsx';

/** The download address of the list as filtered. */
export function consentExportURL(format: ConsentExportFormat, filter: ConsentFilter): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filterQuery(filter))) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return `/api/consents/export?${params.toString()}`;
}

export const consentApi = {
  list: (filter: ConsentFilter, cursor: string | null, limit = 100) =>
    api.get<ConsentPage>('/api/consents', { query: { ...filterQuery(filter), cursor: cursor ?? undefined, limit } }),
  history: (number: string) =>
    api.get<{ items: ConsentHistoryEntry[] }>('/api/consents/history', { query: { number } }),
  set: (input: ConsentInput) => api.post<ConsentRecord>('/api/consents', input),
  revoke: (number: string, channelKind: ConsentChannelKind, reason: string) =>
    api.post<ConsentRecord>('/api/consents/revoke', { number, channel_kind: channelKind, reason }),
  settings: () => api.get<ConsentSettings>('/api/account/consent-settings'),
  updateSettings: (change: Partial<ConsentSettings>) =>
    api.patch<ConsentSettings>('/api/account/consent-settings', change),
};
