import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2 } from 'lucide-react';
import { CHANNEL_KINDS, type Channel, type ChannelKind, type NewSender } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { CredentialField } from './CredentialField';
import { channelFormErrors, channelFormFields } from './fieldErrors';
import { CREDENTIALS, isProviderKind, needsProviderId } from './kinds';
import { useCreateChannel } from './queries';

interface CreateChannelFormProps {
  onCreated: (channel: Channel) => void;
  onCancel: () => void;
}

const emptySender = (): NewSender => ({ phone_number: '', provider_id: '', name: '' });

/** Connects a new channel: kind, name, provider settings, credentials and sender numbers. */
export function CreateChannelForm({ onCreated, onCancel }: CreateChannelFormProps) {
  const { t } = useTranslation();
  const create = useCreateChannel();
  const [kind, setKind] = useState<ChannelKind>('whatsapp_cloud');
  const [name, setName] = useState('');
  const [baseURL, setBaseURL] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [senders, setSenders] = useState<NewSender[]>([emptySender()]);

  const specs = CREDENTIALS[kind];
  const errors = channelFormErrors(fieldErrors(create.error));
  const formFields = channelFormFields(
    specs.map((s) => s.key),
    senders.length,
  );
  const withProviderId = needsProviderId(kind);

  function changeKind(next: ChannelKind) {
    setKind(next);
    setCredentials({});
    create.reset();
  }

  function changeSender(index: number, change: Partial<NewSender>) {
    setSenders((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const creds: Record<string, string> = {};
    for (const { key } of specs) {
      const value = credentials[key]?.trim();
      if (value) creds[key] = value;
    }
    const base = baseURL.trim();
    create.mutate(
      {
        kind,
        name: name.trim(),
        ...(isProviderKind(kind) && base ? { base_url: base } : {}),
        credentials: creds,
        senders: senders.map((s) => ({
          phone_number: s.phone_number.trim(),
          provider_id: withProviderId ? s.provider_id.trim() : '',
          name: s.name.trim(),
        })),
      },
      { onSuccess: onCreated },
    );
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={submit}
      noValidate
      data-testid="create-channel-form"
      aria-labelledby="create-channel-title"
    >
      <h2 id="create-channel-title" className="form-grid-full">
        {t('channels.form.title')}
      </h2>
      <div className="form-grid-full">
        <ErrorAlert error={create.error} formFields={formFields} testId="create-channel-error" />
      </div>
      <Field label={t('channels.form.kind')} error={errors.kind}>
        {(control) => (
          <select
            {...control}
            name="kind"
            data-testid="channel-kind"
            value={kind}
            onChange={(e) => changeKind(e.target.value as ChannelKind)}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`channels.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('channels.form.name')} hint={t('channels.form.nameHint')} error={errors.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            data-testid="channel-name"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <p className="form-grid-full muted channel-kind-intro">{t(`channels.intro.${kind}`)}</p>

      {isProviderKind(kind) && (
        <div className="form-grid-full">
          <Field
            label={t('channels.form.baseURL')}
            hint={t('channels.form.baseURLHint')}
            error={errors.base_url}
            optional
          >
            {(control) => (
              <input
                {...control}
                name="base_url"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://"
                value={baseURL}
                onChange={(e) => setBaseURL(e.target.value)}
              />
            )}
          </Field>
        </div>
      )}

      {specs.length > 0 && (
        <fieldset className="form-grid-full channel-fieldset">
          <legend>{t('channels.form.credentials')}</legend>
          <div className="form-grid">
            {specs.map((spec) => (
              <CredentialField
                key={spec.key}
                spec={spec}
                value={credentials[spec.key] ?? ''}
                error={errors.credentials[spec.key]}
                onChange={(value) => setCredentials((c) => ({ ...c, [spec.key]: value }))}
              />
            ))}
          </div>
        </fieldset>
      )}

      <fieldset className="form-grid-full channel-fieldset">
        <legend>{t('channels.form.senders')}</legend>
        <p className="muted channel-fieldset-hint">{t(`channels.sendersHint.${kind}`)}</p>
        {errors.senders && (
          <p className="field-error" data-testid="senders-error">
            {errors.senders}
          </p>
        )}
        <ol className="sender-rows">
          {senders.map((sender, index) => {
            const rowErrors = errors.senderRows[index] ?? {};
            return (
              <li key={index} className={withProviderId ? 'sender-row sender-row-wide' : 'sender-row'}>
                <Field label={t('channels.sender.phoneNumber')} error={rowErrors.phone_number}>
                  {(control) => (
                    <input
                      {...control}
                      name={`senders.${index}.phone_number`}
                      data-testid={`sender-phone-${index}`}
                      type="tel"
                      inputMode="tel"
                      autoComplete="off"
                      placeholder="+4930901820"
                      value={sender.phone_number}
                      onChange={(e) => changeSender(index, { phone_number: e.target.value })}
                    />
                  )}
                </Field>
                {withProviderId && (
                  <Field label={t('channels.sender.providerId')} error={rowErrors.provider_id}>
                    {(control) => (
                      <input
                        {...control}
                        name={`senders.${index}.provider_id`}
                        data-testid={`sender-provider-id-${index}`}
                        autoComplete="off"
                        spellCheck={false}
                        value={sender.provider_id}
                        onChange={(e) => changeSender(index, { provider_id: e.target.value })}
                      />
                    )}
                  </Field>
                )}
                <Field label={t('channels.sender.label')} error={rowErrors.name} optional>
                  {(control) => (
                    <input
                      {...control}
                      name={`senders.${index}.name`}
                      data-testid={`sender-label-${index}`}
                      autoComplete="off"
                      value={sender.name}
                      onChange={(e) => changeSender(index, { name: e.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="button button-ghost sender-row-remove"
                  aria-label={t('channels.sender.removeRow', { number: index + 1 })}
                  title={t('channels.sender.removeRow', { number: index + 1 })}
                  disabled={senders.length === 1}
                  onClick={() => {
                    setSenders((rows) => rows.filter((_, i) => i !== index));
                    create.reset();
                  }}
                >
                  <Trash2 size={16} aria-hidden="true" />
                </button>
              </li>
            );
          })}
        </ol>
        <div>
          <button
            type="button"
            className="button button-small"
            data-testid="sender-add-row"
            onClick={() => setSenders((rows) => [...rows, emptySender()])}
          >
            <Plus size={15} aria-hidden="true" />
            {t('channels.sender.addRow')}
          </button>
        </div>
      </fieldset>

      <FormActions
        fullWidth
        onCancel={onCancel}
        pending={create.isPending}
        pendingLabel={t('channels.form.submitting')}
        submitLabel={t('channels.form.submit')}
        submitTestId="create-channel-submit"
      />
    </form>
  );
}
