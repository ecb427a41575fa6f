import type { ConsentRecord } from '../api/consent';
import type { Contact } from '../api/contacts';
import type { Group, GroupMember, GroupReach } from '../api/groups';

export const CONSENT_READ = ['consent:read', 'contacts:read'];
export const CONSENT_WRITE = [...CONSENT_READ, 'consent:write'];
export const GROUPS_WRITE = ['groups:read', 'groups:write', 'contacts:read'];

export function consentOf(change: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    number: '+436641111111',
    channel_kind: 'whatsapp',
    state: 'granted',
    source: 'keyword',
    detail: 'START NEWS',
    note: '',
    changed_at: '2026-12-04T10:00:00Z',
    user_id: null,
    contact: { id: 7, name: 'Anna Berger' },
    ...change,
  };
}

export const REACH: GroupReach = {
  members: 12,
  sms_reachable: 9,
  whatsapp_registered: 8,
  whatsapp_with_number: 7,
  whatsapp_reachable: 5,
  both_with_numbers: 4,
  both_reachable: 3,
};

export function groupOf(id: number, change: Partial<Group> = {}): Group {
  return {
    id,
    name: 'Newsletter',
    kind: 'multichannel',
    keyword: 'NEWS',
    description: 'Monthly news',
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:00:00Z',
    reach: REACH,
    ...change,
  };
}

export function memberOf(id: number, change: Partial<GroupMember> = {}): GroupMember {
  return {
    contact_id: id,
    name: `Member ${id}`,
    sms_number: null,
    whatsapp_number: '+436641111111',
    status: 'active',
    blocked: false,
    sms: false,
    whatsapp: true,
    source: 'keyword',
    added_at: '2026-12-04T10:00:00Z',
    whatsapp_consent: 'granted',
    sms_consent: null,
    ...change,
  };
}

/** A phone-book entry as GET /api/contacts lists it. */
export function phoneBookContact(id: number, name: string, change: Partial<Contact> = {}): Contact {
  return {
    id,
    name,
    first_name: '',
    last_name: '',
    display_name: name,
    sms_number: null,
    whatsapp_number: null,
    sms_number_formatted: null,
    whatsapp_number_formatted: null,
    status: 'active',
    blocked: false,
    labels: [],
    attributes: {},
    first_contact_at: '2026-12-01T10:00:00Z',
    last_chat_at: null,
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:00:00Z',
    last_conversation_id: null,
    ...change,
  };
}
