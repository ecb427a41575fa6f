// The phone book: contacts, their custom attributes, bulk actions, merge,
// import and export. Shapes are as the server sends them (issue 9's contract).

import { api, type Query } from './client';
import type { LabelRef } from './desk';
import type { ConversationView } from './inbox';
import type { ID } from './types';

export type ContactStatus = 'active' | 'inactive';
export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'choice';
export const ATTRIBUTE_TYPES: AttributeType[] = ['text', 'number', 'date', 'boolean', 'choice'];
/** Attribute keys as the server accepts them. */
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A stored attribute value: text, number, "YYYY-MM-DD", yes/no or a choice's option. */
export type AttributeValue = string | number | boolean | null;

export interface Contact {
  id: ID;
  /** The display name as stored; may be empty when first/last are set. */
  name: string;
  first_name: string;
  last_name: string;
  /** name, else first + last; what the UI shows. */
  display_name: string;
  /** E.164, e.g. "+436641234567". */
  sms_number: string | null;
  whatsapp_number: string | null;
  sms_number_formatted: string | null;
  whatsapp_number_formatted: string | null;
  status: ContactStatus;
  blocked: boolean;
  labels: LabelRef[];
  attributes: Record<string, AttributeValue>;
  first_contact_at: string;
  last_chat_at: string | null;
  created_at: string;
  updated_at: string;
  last_conversation_id: ID | null;
}

/** GET /api/contacts/{id}: a contact with how many conversations it has (and, from older servers, the list). */
export interface ContactWithConversations extends Contact {
  conversation_count?: number;
  conversations?: ConversationView[];
}

export interface AttributeDef {
  id: ID;
  key: string;
  label: string;
  type: AttributeType;
  /** The list of a "choice" attribute. */
  options: string[];
  position: number;
}

export type NewAttributeDef = Omit<AttributeDef, 'id' | 'position'> & { position?: number };

/** The fields a contact is written with (POST and PATCH). */
export interface ContactInput {
  name?: string;
  first_name?: string;
  last_name?: string;
  sms_number?: string | null;
  whatsapp_number?: string | null;
  status?: ContactStatus;
  blocked?: boolean;
  /** Raw strings as typed; the server parses them by type. Empty clears. */
  attributes?: Record<string, AttributeValue>;
}

/** Filters of the list; the same keys go to export and to bulk actions on "all matching". */
export interface ContactFilter {
  q?: string;
  status?: ContactStatus;
  blocked?: boolean;
  label_id?: ID;
  /** Members of that group. */
  group_id?: ID;
  channel_kind?: 'sms' | 'whatsapp';
  has_sms?: boolean;
  has_whatsapp?: boolean;
  /** YYYY-MM-DD */
  created_from?: string;
  created_to?: string;
  last_chat_from?: string;
  last_chat_to?: string;
}

/** A sort as the server reads it: "field" ascending, "-field" descending. */
export type ContactSort = string;

export interface ContactPage {
  items: Contact[];
  next_cursor: string | null;
}

export type BulkAction = 'label' | 'unlabel' | 'activate' | 'deactivate' | 'block' | 'unblock' | 'delete';

/** Bulk actions go to listed ids or to every contact the filter matches. */
export type BulkTarget = { ids: ID[] } | { filter: ContactFilter };

export type MergeChoice = 'keep' | 'merge';
export interface MergeRequest {
  keep_id: ID;
  merge_id: ID;
  fields: {
    name?: MergeChoice;
    sms_number?: MergeChoice;
    whatsapp_number?: MergeChoice;
    attributes?: Record<string, MergeChoice>;
  };
}

/** Where a file column goes: a field, "attr.<key>" or "ignore". */
export type ImportTarget = string;
export const IMPORT_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'sms_number',
  'whatsapp_number',
  'status',
  'activated',
  'blocked',
  'labels',
  // A declared consent ("yes"/"no") and where it was given; only these write consent records.
  'whatsapp_consent',
  'sms_consent',
  'consent_source',
] as const;

export interface ImportPreview {
  format: 'csv' | 'xlsx';
  delimiter?: string;
  encoding?: string;
  headers: string[];
  /** The first rows, as text. */
  rows: string[][];
  suggested_mapping: Record<string, ImportTarget>;
}

export interface ImportRowError {
  /** The line in the file; the header is line 1. */
  row: number;
  column: string;
  code: string;
  message: string;
}

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ContactImport {
  id: ID;
  status: ImportStatus;
  file_name: string;
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
  error?: string;
}

export interface ImportOptions {
  mapping?: Record<string, ImportTarget>;
  updateExisting?: boolean;
  /** Every valid row's contact joins this group. */
  groupId?: ID;
}

export interface AccountSettings {
  /** ISO 3166-1 alpha-2, e.g. "AT"; "" when unset. */
  default_country: string;
}

/** The list's filter as query parameters (also for export links). */
export function filterQuery(filter: ContactFilter): Query {
  return { ...filter, q: filter.q?.trim() || undefined };
}

function importForm(file: File, options: ImportOptions & { preview?: boolean }): FormData {
  const form = new FormData();
  form.append('file', file);
  if (options.preview) form.append('preview', 'true');
  if (options.mapping) form.append('mapping', JSON.stringify(options.mapping));
  if (options.updateExisting !== undefined) form.append('update_existing', String(options.updateExisting));
  if (options.groupId !== undefined) form.append('group_id', String(options.groupId));
  return form;
}

/** Export formats; the file is streamed by the server. */
export type ExportFormat = 'csv' | 'xlsx';

/** The download address of an export of the filter (or of the listed ids) with the given columns. */
export function exportURL(format: ExportFormat, columns: string[], target: BulkTarget): string {
  const params = new URLSearchParams({ format, columns: columns.join(',') });
  if ('ids' in target) params.set('ids', target.ids.join(','));
  else {
    for (const [key, value] of Object.entries(filterQuery(target.filter))) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
  }
  return `/api/contacts/export?${params.toString()}`;
}

/** The CSV of an import's row errors. */
export function importErrorsURL(id: ID): string {
  return `/api/contacts/imports/${id}/errors.csv`;
}

export const contactsApi = {
  list: (filter: ContactFilter, sort: ContactSort, cursor: string | null, limit = 100) =>
    api.get<ContactPage>('/api/contacts', {
      query: { ...filterQuery(filter), sort, cursor: cursor ?? undefined, limit },
    }),
  get: (id: ID) => api.get<ContactWithConversations>(`/api/contacts/${id}`),
  create: (input: ContactInput) => api.post<Contact>('/api/contacts', input),
  update: (id: ID, change: ContactInput) => api.patch<Contact>(`/api/contacts/${id}`, change),
  remove: (id: ID) => api.delete(`/api/contacts/${id}`),
  bulk: (action: BulkAction, target: BulkTarget, labelId?: ID) =>
    api.post<{ affected: number }>('/api/contacts/bulk', {
      action,
      ...(labelId !== undefined ? { label_id: labelId } : {}),
      ...('ids' in target ? { ids: target.ids } : { filter: filterQuery(target.filter) }),
    }),
  merge: (req: MergeRequest) => api.post<Contact>('/api/contacts/merge', req),

  attributes: () => api.get<{ items: AttributeDef[] }>('/api/contact-attributes'),
  createAttribute: (def: NewAttributeDef) => api.post<AttributeDef>('/api/contact-attributes', def),
  updateAttribute: (id: ID, change: Partial<NewAttributeDef>) =>
    api.patch<AttributeDef>(`/api/contact-attributes/${id}`, change),
  deleteAttribute: (id: ID) => api.delete(`/api/contact-attributes/${id}`),

  previewImport: (file: File) =>
    api.postForm<ImportPreview>('/api/contacts/imports', importForm(file, { preview: true })),
  startImport: (file: File, options: ImportOptions) =>
    api.postForm<{ id: ID }>('/api/contacts/imports', importForm(file, options)),
  getImport: (id: ID) => api.get<ContactImport>(`/api/contacts/imports/${id}`),

  preference: <T>(key: string) => api.get<T | null>(`/api/me/preferences/${encodeURIComponent(key)}`),
  setPreference: <T>(key: string, value: T) => api.put<T>(`/api/me/preferences/${encodeURIComponent(key)}`, value),

  accountSettings: () => api.get<AccountSettings>('/api/account/settings'),
  updateAccountSettings: (change: Partial<AccountSettings>) =>
    api.patch<AccountSettings>('/api/account/settings', change),
};
