import type { AttributeDef, Contact } from '../api/contacts';

export const CONTACTS_PERMISSIONS = ['contacts:read', 'contacts:write', 'conversations:read', 'labels:read'];
export const MANAGER_PERMISSIONS = [...CONTACTS_PERMISSIONS, 'contacts:import', 'contacts:export', 'contacts:delete'];

export const cityAttr: AttributeDef = { id: 1, key: 'city', label: 'City', type: 'text', options: [], position: 0 };

export function contactOf(id: number, name: string, change: Partial<Contact> = {}): Contact {
  return {
    id,
    name,
    first_name: '',
    last_name: '',
    display_name: name,
    sms_number: `+43664000000${id}`,
    whatsapp_number: null,
    sms_number_formatted: `+43 664 000000${id}`,
    whatsapp_number_formatted: null,
    status: 'active',
    blocked: false,
    labels: [],
    attributes: { city: 'Wien' },
    first_contact_at: '2026-01-0' + id + 'T10:00:00Z',
    last_chat_at: null,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    last_conversation_id: null,
    ...change,
  };
}
