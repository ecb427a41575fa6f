import type { TFunction } from 'i18next';
import { Ban } from 'lucide-react';
import type { AttributeDef, AttributeValue, Contact } from '../api/contacts';
import { ChannelIcon } from '../inbox/bits';
import { LabelChip } from '../labels/LabelChip';
import type { ColumnLayout, DataColumn } from '../ui/DataTable';

/** The built-in columns, in their default order; attribute columns follow as "attr.<key>". */
export const BASE_COLUMNS = [
  'name',
  'numbers',
  'status',
  'blocked',
  'labels',
  'first_contact_at',
  'last_chat_at',
] as const;

/** Export column names of a table column (the importer reads the same headers). */
export function exportColumns(id: string): string[] {
  if (id === 'numbers') return ['sms_number', 'whatsapp_number'];
  return [id];
}

export function defaultLayout(attributes: AttributeDef[]): ColumnLayout {
  return { order: [...BASE_COLUMNS, ...attributes.map((a) => `attr.${a.key}`)], hidden: [] };
}

/** The name a contact is shown with. */
export function contactName(contact: Pick<Contact, 'display_name' | 'name' | 'first_name' | 'last_name'>): string {
  return (
    contact.display_name || contact.name || [contact.first_name, contact.last_name].filter(Boolean).join(' ') || ''
  );
}

/** An attribute value as text in the current language. */
export function formatAttribute(def: AttributeDef, value: AttributeValue | undefined, t: TFunction, lng: string) {
  if (value === null || value === undefined || value === '') return '';
  switch (def.type) {
    case 'boolean':
      return value ? t('contacts.yes') : t('contacts.no');
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(lng).format(value) : String(value);
    case 'date': {
      const date = new Date(`${String(value)}T00:00:00`);
      return Number.isNaN(date.getTime()) ? String(value) : new Intl.DateTimeFormat(lng).format(date);
    }
    default:
      return String(value);
  }
}

function Numbers({ contact }: { contact: Contact }) {
  return (
    <span className="contact-numbers">
      {contact.whatsapp_number && (
        <span className="contact-number" data-testid="contact-whatsapp">
          <ChannelIcon kind="whatsapp_cloud" />
          {contact.whatsapp_number_formatted || contact.whatsapp_number}
        </span>
      )}
      {contact.sms_number && (
        <span className="contact-number" data-testid="contact-sms">
          <ChannelIcon kind="sms_twilio" />
          {contact.sms_number_formatted || contact.sms_number}
        </span>
      )}
    </span>
  );
}

interface ColumnContext {
  t: TFunction;
  lng: string;
  formatDate: (iso: string | null | undefined) => string;
  onOpen: (contact: Contact) => void;
}

/** The table's columns: the built-in ones and one per custom attribute. */
export function contactColumns(attributes: AttributeDef[], ctx: ColumnContext): DataColumn<Contact>[] {
  const { t, lng, formatDate, onOpen } = ctx;
  const none = <span className="muted">—</span>;
  const base: DataColumn<Contact>[] = [
    {
      id: 'name',
      label: t('contacts.columns.name'),
      sortable: true,
      alwaysVisible: true,
      className: 'cell-strong',
      cell: (c) => (
        <button type="button" className="link-button" data-testid="contact-open" onClick={() => onOpen(c)}>
          {contactName(c) || <span className="muted">{t('contacts.noName')}</span>}
        </button>
      ),
    },
    { id: 'numbers', label: t('contacts.columns.numbers'), cell: (c) => <Numbers contact={c} /> },
    {
      id: 'status',
      label: t('contacts.columns.status'),
      sortable: true,
      cell: (c) => (
        <span className={c.status === 'active' ? 'badge badge-success' : 'badge'}>
          {t(`contacts.status.${c.status}`)}
        </span>
      ),
    },
    {
      id: 'blocked',
      label: t('contacts.columns.blocked'),
      cell: (c) =>
        c.blocked ? (
          <span className="badge badge-danger contact-blocked">
            <Ban size={12} aria-hidden="true" />
            {t('contacts.blocked')}
          </span>
        ) : (
          none
        ),
    },
    {
      id: 'labels',
      label: t('contacts.columns.labels'),
      cell: (c) =>
        c.labels.length === 0 ? (
          none
        ) : (
          <span className="contact-labels-cell">
            {c.labels.map((l) => (
              <LabelChip key={l.id} label={l} small />
            ))}
          </span>
        ),
    },
    {
      id: 'first_contact_at',
      label: t('contacts.columns.firstContact'),
      sortable: true,
      className: 'cell-date',
      cell: (c) => formatDate(c.first_contact_at),
    },
    {
      id: 'last_chat_at',
      label: t('contacts.columns.lastChat'),
      sortable: true,
      className: 'cell-date',
      cell: (c) => (c.last_chat_at ? formatDate(c.last_chat_at) : none),
    },
  ];
  const extra = attributes.map<DataColumn<Contact>>((def) => ({
    id: `attr.${def.key}`,
    label: def.label,
    // The server sorts by the built-in fields only ("attr.<key>" is optional in the contract and not offered).
    cell: (c) => formatAttribute(def, c.attributes[def.key], t, lng) || none,
  }));
  return [...base, ...extra];
}
