// Contact groups (newsletters): kind, keyword, reach figures, members and
// the membership history. Shapes are as pinned for issue 10.

import { api, request } from './client';
import type { ConsentState } from './consent';
import { filterQuery, type ContactFilter, type ContactStatus, type ExportFormat } from './contacts';
import type { ID } from './types';

export type GroupKind = 'sms' | 'whatsapp' | 'multichannel';
export const GROUP_KINDS: GroupKind[] = ['sms', 'whatsapp', 'multichannel'];

/** The seed's blocks A–D, exact counts kept by the server. */
export interface GroupReach {
  members: number;
  sms_reachable: number;
  whatsapp_registered: number;
  whatsapp_with_number: number;
  whatsapp_reachable: number;
  both_with_numbers: number;
  both_reachable: number;
}

export interface Group {
  id: ID;
  name: string;
  kind: GroupKind;
  /** START <keyword> joins, STOP <keyword> leaves; unique per account. */
  keyword: string | null;
  description: string;
  created_at: string;
  updated_at: string;
  reach: GroupReach;
}

export interface GroupInput {
  name?: string;
  kind?: GroupKind;
  keyword?: string | null;
  description?: string;
}

export interface GroupMember {
  contact_id: ID;
  name: string;
  sms_number: string | null;
  whatsapp_number: string | null;
  status: ContactStatus;
  blocked: boolean;
  /** Registered for the group on SMS / on WhatsApp. */
  sms: boolean;
  whatsapp: boolean;
  source: string;
  added_at: string;
  whatsapp_consent: ConsentState | null;
  sms_consent: ConsentState | null;
}

export interface MemberPage {
  items: GroupMember[];
  next_cursor: string | null;
}

export interface MembershipEvent {
  id: ID;
  contact_id: ID;
  contact_name: string;
  action: 'joined' | 'left';
  source: string;
  user_id: ID | null;
  at: string;
}

/** Members are added by id or as every contact a phone-book filter matches. */
export type MemberTarget = { contact_ids: ID[] } | { filter: ContactFilter };

/** The download address of a group's members: the contacts export with every column. */
export function membersExportURL(id: ID, format: ExportFormat): string {
  return `/api/contacts/export?${new URLSearchParams({ group_id: String(id), format }).toString()}`;
}

export const groupsApi = {
  list: () => api.get<{ items: Group[] }>('/api/groups'),
  get: (id: ID) => api.get<Group>(`/api/groups/${id}`),
  create: (input: GroupInput) => api.post<Group>('/api/groups', input),
  update: (id: ID, change: GroupInput) => api.patch<Group>(`/api/groups/${id}`, change),
  remove: (id: ID) => api.delete(`/api/groups/${id}`),
  members: (id: ID, cursor: string | null, limit = 100) =>
    api.get<MemberPage>(`/api/groups/${id}/members`, { query: { cursor: cursor ?? undefined, limit } }),
  addMembers: (id: ID, target: MemberTarget) =>
    api.post<{ affected: number }>(
      `/api/groups/${id}/members`,
      'filter' in target ? { filter: filterQuery(target.filter) } : target,
    ),
  removeMembers: (id: ID, contactIds: ID[]) =>
    request<{ affected: number }>('DELETE', `/api/groups/${id}/members`, { body: { contact_ids: contactIds } }),
  history: (id: ID) => api.get<{ items: MembershipEvent[] }>(`/api/groups/${id}/history`),
};
