import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SendHorizontal } from 'lucide-react';
import type { ContactRef } from '../api/inbox';
import type { NewConversation } from '../api/templates';
import type { Channel, ID } from '../api/types';
import { useChannels } from '../settings/channels/queries';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { Spinner } from '../ui/Spinner';
import { Dialog } from './Dialog';
import { useSMSTemplates, useSendableTemplates, useStartConversation } from './queries';
import { TemplateChooser, useTemplateForm } from './TemplateChooser';

interface NewConversationDialogProps {
  onClose: () => void;
  /** Called with the new (or reused) conversation's id. */
  onStarted: (conversationId: ID) => void;
  /** Start with this contact instead of a typed number. */
  contact?: ContactRef;
}

const CONTACT_FIELDS = ['number', 'name', 'contact_id', 'channel_id', 'sender_id', 'sms_template_id', 'body'];

/**
 * Writes first: picks number and name (or the given contact), channel and
 * sender number, and the first message — an approved WhatsApp template with
 * its values, or on SMS an SMS template or a text.
 */
export function NewConversationDialog({ onClose, onStarted, contact }: NewConversationDialogProps) {
  const { t } = useTranslation();
  const channels = useChannels();
  const usable = (channels.data ?? []).filter((c) => c.enabled && c.senders.length > 0);
  const [channelId, setChannelId] = useState<ID | null>(null);
  const channel: Channel | undefined = usable.find((c) => c.id === channelId) ?? usable[0];
  const [senderId, setSenderId] = useState<ID | null>(null);
  const sender = channel?.senders.find((s) => s.id === senderId) ?? channel?.senders[0];
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const isSMS = channel?.kind === 'sms_twilio';

  const templates = useSendableTemplates(channel && !isSMS ? channel.id : undefined);
  const form = useTemplateForm(templates.data?.items ?? []);
  const smsTemplates = useSMSTemplates(isSMS);
  const [smsTemplateId, setSMSTemplateId] = useState<ID | null>(null);
  const [text, setText] = useState('');
  const start = useStartConversation();
  const errors = fieldErrors(start.error);
  const smsTemplate = smsTemplates.data?.find((s) => s.id === smsTemplateId);

  function chooseChannel(id: ID) {
    setChannelId(id);
    setSenderId(null);
    form.select(null);
    setSMSTemplateId(null);
    start.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!channel || !sender) return;
    const body: NewConversation = { channel_id: channel.id, sender_id: sender.id };
    if (contact) body.contact_id = contact.id;
    else Object.assign(body, { number: number.trim(), name: name.trim() });
    if (isSMS) {
      if (smsTemplateId !== null) body.sms_template_id = smsTemplateId;
      else body.body = text;
    } else {
      Object.assign(body, form.send() ?? {});
    }
    start.mutate(body, { onSuccess: (res) => onStarted(res.conversation.id) });
  }

  const formFields = [...CONTACT_FIELDS, 'template_id', ...(form.template?.variables.map((v) => v.field) ?? [])];
  const ready = !!channel && !!sender && (isSMS ? smsTemplateId !== null || text.trim() !== '' : !!form.template);

  return (
    <Dialog title={t('templates.start.title')} onClose={onClose} testId="new-conversation-dialog" wide>
      {channels.isPending ? (
        <Spinner />
      ) : channels.isError ? (
        <ErrorAlert error={channels.error} />
      ) : usable.length === 0 ? (
        <p className="muted">{t('templates.start.noChannels')}</p>
      ) : (
        <form className="dialog-form" onSubmit={submit}>
          <ErrorAlert error={start.error} formFields={formFields} testId="new-conversation-error" />
          <div className="form-grid">
            {contact ? (
              <p className="form-grid-full" data-testid="new-conversation-contact">
                {t('templates.start.withContact', {
                  name: contact.name || contact.whatsapp_number || contact.sms_number,
                })}
              </p>
            ) : (
              <>
                <Field label={t('templates.start.number')} hint={t('templates.start.numberHint')} error={errors.number}>
                  {(control) => (
                    <input
                      {...control}
                      name="number"
                      type="tel"
                      autoComplete="off"
                      required
                      placeholder="+49 151 2345678"
                      data-testid="new-conversation-number"
                      value={number}
                      onChange={(e) => setNumber(e.target.value)}
                    />
                  )}
                </Field>
                <Field label={t('templates.start.name')} error={errors.name} optional>
                  {(control) => (
                    <input
                      {...control}
                      name="name"
                      autoComplete="off"
                      data-testid="new-conversation-name"
                      value={name}
                      onChange={(e) => setName(e.target.value)}
                    />
                  )}
                </Field>
              </>
            )}
            <Field label={t('templates.start.channel')} error={errors.channel_id}>
              {(control) => (
                <select
                  {...control}
                  name="channel_id"
                  data-testid="new-conversation-channel"
                  value={channel?.id ?? ''}
                  onChange={(e) => chooseChannel(Number(e.target.value))}
                >
                  {usable.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({t(`inbox.channelKinds.${c.kind}`)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('templates.start.sender')} error={errors.sender_id}>
              {(control) => (
                <select
                  {...control}
                  name="sender_id"
                  data-testid="new-conversation-sender"
                  value={sender?.id ?? ''}
                  onChange={(e) => setSenderId(Number(e.target.value))}
                >
                  {channel?.senders.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name ? `${s.name} (${s.phone_number})` : s.phone_number}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>

          {isSMS ? (
            <div className="form-stack">
              <Field label={t('templates.start.smsTemplate')} error={errors.sms_template_id} optional>
                {(control) => (
                  <select
                    {...control}
                    name="sms_template_id"
                    data-testid="new-conversation-sms-template"
                    value={smsTemplateId ?? ''}
                    onChange={(e) => setSMSTemplateId(e.target.value ? Number(e.target.value) : null)}
                  >
                    <option value="">{t('templates.start.ownText')}</option>
                    {smsTemplates.data?.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {smsTemplate ? (
                <div className="template-bubble template-bubble-sms">
                  <p className="template-bubble-body">{smsTemplate.body}</p>
                  <p className="template-bubble-footer">{t('templates.start.filledFromContact')}</p>
                </div>
              ) : (
                <Field label={t('templates.start.text')} error={errors.body}>
                  {(control) => (
                    <textarea
                      {...control}
                      name="body"
                      rows={4}
                      data-testid="new-conversation-text"
                      value={text}
                      onChange={(e) => setText(e.target.value)}
                    />
                  )}
                </Field>
              )}
            </div>
          ) : templates.isPending ? (
            <Spinner />
          ) : (templates.data?.items.length ?? 0) === 0 ? (
            <p className="muted">{t('templates.send.empty')}</p>
          ) : (
            <TemplateChooser templates={templates.data?.items ?? []} form={form} errors={errors} />
          )}

          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={!ready || start.isPending}
              data-testid="new-conversation-submit"
            >
              <SendHorizontal size={16} aria-hidden="true" />
              {start.isPending ? t('templates.send.sending') : t('templates.start.submit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
