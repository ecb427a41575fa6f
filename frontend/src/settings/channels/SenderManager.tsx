import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import type { Channel, ChannelSender } from '../../api/types';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { SENDER_FORM_FIELDS, senderErrors } from './fieldErrors';
import { needsProviderId } from './kinds';
import { useAddSender, useRemoveSender } from './queries';

function SenderItem({ channel, sender }: { channel: Channel; sender: ChannelSender }) {
  const { t } = useTranslation();
  const remove = useRemoveSender();
  return (
    <li className="sender-manage-item" data-testid={`sender-item-${sender.phone_number}`}>
      <div className="sender-manage-text">
        <span>
          <span className="sender-number">{sender.phone_number}</span>
          {sender.name && <span className="muted"> · {sender.name}</span>}
        </span>
        {sender.provider_id && (
          <span className="cell-secondary sender-provider-id">
            {t('channels.sender.providerIdShort', { id: sender.provider_id })}
          </span>
        )}
        {/* 409 when conversations use the number: the server says what to do instead. */}
        <ErrorAlert error={remove.error} testId="sender-remove-error" />
      </div>
      <ConfirmAction
        trigger={
          <>
            <Trash2 size={14} aria-hidden="true" />
            {t('channels.sender.remove')}
          </>
        }
        triggerTestId="sender-remove"
        triggerLabel={t('channels.sender.removeNumber', { number: sender.phone_number })}
        confirmLabel={t('channels.sender.confirmRemove')}
        confirmTestId="sender-remove-confirm"
        busy={remove.isPending}
        onOpen={() => remove.reset()}
        onConfirm={(done) => remove.mutate({ channelId: channel.id, senderId: sender.id }, { onSettled: done })}
      />
    </li>
  );
}

/** The sender numbers of a channel: remove one (unless in use), add one. */
export function SenderManager({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const add = useAddSender();
  const [phoneNumber, setPhoneNumber] = useState('');
  const [providerId, setProviderId] = useState('');
  const [label, setLabel] = useState('');
  const errors = senderErrors(fieldErrors(add.error));
  const withProviderId = needsProviderId(channel.kind);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      {
        channelId: channel.id,
        sender: {
          phone_number: phoneNumber.trim(),
          provider_id: withProviderId ? providerId.trim() : '',
          name: label.trim(),
        },
      },
      {
        onSuccess: () => {
          setPhoneNumber('');
          setProviderId('');
          setLabel('');
        },
      },
    );
  }

  return (
    <section className="sender-manager" aria-labelledby={`senders-${channel.id}`}>
      <h4 id={`senders-${channel.id}`}>{t('channels.form.senders')}</h4>
      {channel.senders.length === 0 ? (
        <p className="muted">{t('channels.details.noSenders')}</p>
      ) : (
        <ul className="sender-manage-list">
          {channel.senders.map((sender) => (
            <SenderItem key={sender.id} channel={channel} sender={sender} />
          ))}
        </ul>
      )}
      <form className="sender-add" onSubmit={submit} noValidate data-testid="add-sender-form">
        <ErrorAlert error={add.error} formFields={SENDER_FORM_FIELDS} testId="add-sender-error" />
        <div className={withProviderId ? 'sender-row sender-row-wide' : 'sender-row'}>
          <Field label={t('channels.sender.phoneNumber')} error={errors.phone_number}>
            {(control) => (
              <input
                {...control}
                name="phone_number"
                data-testid="add-sender-phone"
                type="tel"
                inputMode="tel"
                autoComplete="off"
                placeholder="+4930901820"
                value={phoneNumber}
                onChange={(e) => setPhoneNumber(e.target.value)}
              />
            )}
          </Field>
          {withProviderId && (
            <Field label={t('channels.sender.providerId')} error={errors.provider_id}>
              {(control) => (
                <input
                  {...control}
                  name="provider_id"
                  data-testid="add-sender-provider-id"
                  autoComplete="off"
                  spellCheck={false}
                  value={providerId}
                  onChange={(e) => setProviderId(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field label={t('channels.sender.label')} error={errors.name} optional>
            {(control) => (
              <input
                {...control}
                name="name"
                data-testid="add-sender-label"
                autoComplete="off"
                value={label}
                onChange={(e) => setLabel(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="button sender-add-submit"
            disabled={add.isPending}
            data-testid="add-sender-submit"
          >
            <Plus size={16} aria-hidden="true" />
            {t('channels.sender.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
