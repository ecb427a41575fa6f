import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type {
  AttributeDef,
  AttributeValue,
  Contact,
  ContactInput,
  ContactStatus,
  ContactWithConversations,
} from '../api/contacts';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { ChannelIcon, StatusBadge } from '../inbox/bits';
import { ContactCampaignMessages } from '../campaigns/ContactCampaignMessages';
import { ConsentBadges } from '../consent/ConsentBadges';
import { ContactLabels } from '../labels/ContactLabels';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useFieldErrors } from '../ui/errors';
import { Field, type ControlProps } from '../ui/Field';
import { FormActions } from '../ui/FormActions';
import { Spinner } from '../ui/Spinner';
import { useAttributes, useContact, useSaveContact } from './queries';

interface ContactDialogProps {
  /** The contact to show and edit; a new one when null. */
  contactId: ID | null;
  onClose: () => void;
  onSaved?: (contact: Contact) => void;
}

/** Contact detail: fields and attributes to edit, labels, conversations, first contact and last chat. */
export function ContactDialog({ contactId, onClose, onSaved }: ContactDialogProps) {
  const { t } = useTranslation();
  const contact = useContact(contactId);
  const attributes = useAttributes();
  const title = contactId === null ? t('contacts.detail.createTitle') : t('contacts.detail.title');
  return (
    <Dialog title={title} onClose={onClose} testId="contact-dialog" wide>
      {(contactId !== null && contact.isPending) || attributes.isPending ? (
        <Spinner />
      ) : contact.isError || attributes.isError ? (
        <ErrorAlert error={contact.error ?? attributes.error} />
      ) : (
        <ContactForm
          key={contact.data?.updated_at ?? 'new'}
          contact={contact.data}
          attributes={attributes.data ?? []}
          onClose={onClose}
          onSaved={onSaved}
        />
      )}
    </Dialog>
  );
}

type Draft = Required<Omit<ContactInput, 'attributes' | 'sms_number' | 'whatsapp_number'>> & {
  sms_number: string;
  whatsapp_number: string;
  attributes: Record<string, string>;
};

function draftOf(contact: Contact | undefined, attributes: AttributeDef[]): Draft {
  const attrs: Record<string, string> = {};
  for (const def of attributes) {
    const v: AttributeValue | undefined = contact?.attributes[def.key];
    attrs[def.key] = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  }
  return {
    name: contact?.name ?? '',
    first_name: contact?.first_name ?? '',
    last_name: contact?.last_name ?? '',
    sms_number: contact?.sms_number ?? '',
    whatsapp_number: contact?.whatsapp_number ?? '',
    status: contact?.status ?? 'active',
    blocked: contact?.blocked ?? false,
    attributes: attrs,
  };
}

interface ContactFormProps {
  contact?: ContactWithConversations;
  attributes: AttributeDef[];
  onClose: () => void;
  onSaved?: (contact: Contact) => void;
}

function ContactForm({ contact, attributes, onClose, onSaved }: ContactFormProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const canWrite = useCan('contacts:write');
  const save = useSaveContact();
  const [draft, setDraft] = useState(() => draftOf(contact, attributes));
  const errors = useFieldErrors(save.error);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setAttr = (key: string, value: string) =>
    setDraft((d) => ({ ...d, attributes: { ...d.attributes, [key]: value } }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const input: ContactInput = {
      name: draft.name.trim(),
      first_name: draft.first_name.trim(),
      last_name: draft.last_name.trim(),
      sms_number: draft.sms_number.trim() || null,
      whatsapp_number: draft.whatsapp_number.trim() || null,
      status: draft.status,
      blocked: draft.blocked,
      // Raw text: the server parses each value by its attribute's type; "" clears.
      attributes: Object.fromEntries(Object.entries(draft.attributes).map(([k, v]) => [k, v.trim() || null])),
    };
    save.mutate(
      { id: contact?.id ?? null, input },
      {
        onSuccess: (saved) => {
          onSaved?.(saved);
          onClose();
        },
      },
    );
  }

  const formFields = [
    'name',
    'first_name',
    'last_name',
    'sms_number',
    'whatsapp_number',
    'status',
    'blocked',
    ...attributes.map((a) => `attributes.${a.key}`),
  ];
  const text = (key: 'name' | 'first_name' | 'last_name', label: string) => (
    <Field label={label} error={errors[key]} optional>
      {(control) => (
        <input
          {...control}
          name={key}
          autoComplete="off"
          disabled={!canWrite}
          data-testid={`contact-${key}`}
          value={draft[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );
  const number = (key: 'sms_number' | 'whatsapp_number', label: string) => (
    <Field label={label} hint={t('contacts.detail.numberHint')} error={errors[key]} optional>
      {(control) => (
        <input
          {...control}
          name={key}
          type="tel"
          autoComplete="off"
          disabled={!canWrite}
          data-testid={`contact-${key}`}
          value={draft[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <form className="dialog-form contact-form" onSubmit={submit} noValidate>
      <ErrorAlert error={save.error} formFields={formFields} testId="contact-form-error" />
      {contact && (
        <dl className="details contact-times" data-testid="contact-times">
          <div>
            <dt>{t('contacts.columns.firstContact')}</dt>
            <dd>{formatDate(contact.first_contact_at)}</dd>
          </div>
          <div>
            <dt>{t('contacts.columns.lastChat')}</dt>
            <dd>{contact.last_chat_at ? formatDate(contact.last_chat_at) : t('common.never')}</dd>
          </div>
          <div>
            <dt>{t('contacts.detail.created')}</dt>
            <dd>{formatDate(contact.created_at)}</dd>
          </div>
        </dl>
      )}
      <div className="form-grid">
        {text('name', t('contacts.detail.displayName'))}
        <div />
        {text('first_name', t('contacts.detail.firstName'))}
        {text('last_name', t('contacts.detail.lastName'))}
        {number('whatsapp_number', t('contacts.detail.whatsappNumber'))}
        {number('sms_number', t('contacts.detail.smsNumber'))}
        <Field label={t('contacts.columns.status')} error={errors.status}>
          {(control) => (
            <select
              {...control}
              disabled={!canWrite}
              data-testid="contact-status"
              value={draft.status}
              onChange={(e) => set({ status: e.target.value as ContactStatus })}
            >
              <option value="active">{t('contacts.status.active')}</option>
              <option value="inactive">{t('contacts.status.inactive')}</option>
            </select>
          )}
        </Field>
        <label className="contact-checkbox">
          <input
            type="checkbox"
            disabled={!canWrite}
            data-testid="contact-blocked"
            checked={draft.blocked}
            onChange={(e) => set({ blocked: e.target.checked })}
          />
          <span>
            {t('contacts.detail.blocked')}
            <span className="field-hint">{t('contacts.detail.blockedHint')}</span>
          </span>
        </label>
      </div>
      {attributes.length > 0 && (
        <fieldset className="contact-attributes">
          <legend>{t('contacts.detail.attributes')}</legend>
          <div className="form-grid">
            {attributes.map((def) => (
              <Field key={def.key} label={def.label} error={errors[`attributes.${def.key}`]} optional>
                {(control) => (
                  <AttributeInput
                    control={control}
                    def={def}
                    disabled={!canWrite}
                    value={draft.attributes[def.key] ?? ''}
                    onChange={(v) => setAttr(def.key, v)}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      )}
      {contact && (
        <>
          <ConsentBadges contact={contact} />
          <h3 className="contact-section-title">{t('labels.contactTitle')}</h3>
          <ContactLabels contactId={contact.id} />
          <ContactConversations contact={contact} />
          <ContactCampaignMessages contactId={contact.id} />
        </>
      )}
      {canWrite ? (
        <FormActions
          onCancel={onClose}
          pending={save.isPending}
          pendingLabel={t('contacts.detail.saving')}
          submitLabel={contact ? t('contacts.detail.save') : t('contacts.detail.create')}
          submitTestId="contact-save"
        />
      ) : null}
    </form>
  );
}

interface AttributeInputProps {
  control: ControlProps;
  def: AttributeDef;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}

function AttributeInput({ control, def, value, disabled, onChange }: AttributeInputProps) {
  const { t } = useTranslation();
  const common = { ...control, disabled, 'data-testid': `contact-attr-${def.key}`, value };
  switch (def.type) {
    case 'boolean':
      return (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          <option value="true">{t('contacts.yes')}</option>
          <option value="false">{t('contacts.no')}</option>
        </select>
      );
    case 'choice':
      return (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {def.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'date':
      return <input {...common} type="date" onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      // Text, so that "1,5" (German) reaches the server, which reads both.
      return <input {...common} inputMode="decimal" autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input {...common} autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
  }
}

function ContactConversations({ contact }: { contact: NonNullable<ContactFormProps['contact']> }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const list = contact.conversations;
  const count = contact.conversation_count ?? list?.length ?? 0;
  return (
    <>
      <h3 className="contact-section-title">{t('contacts.detail.conversations', { count })}</h3>
      {list && list.length > 0 ? (
        <ul className="contact-conversations" data-testid="contact-conversations">
          {list.map((c) => (
            <li key={c.id}>
              <Link to={`/inbox/${c.id}`} className="contact-conv" data-testid="contact-conversation">
                <span className="contact-conv-line">
                  <ChannelIcon kind={c.channel_kind} size={13} />
                  <span className="contact-conv-channel">{c.channel_name}</span>
                  <StatusBadge status={c.status} />
                  <time className="muted" dateTime={c.last_message_at}>
                    {formatDate(c.last_message_at)}
                  </time>
                </span>
                <span className="contact-conv-preview">{c.last_message_preview || '\u00a0'}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : contact.last_conversation_id ? (
        <Link to={`/inbox/${contact.last_conversation_id}`} data-testid="contact-last-conversation">
          {t('contacts.menu.openLast')}
        </Link>
      ) : (
        <p className="muted">{t('contacts.detail.noConversations')}</p>
      )}
    </>
  );
}
