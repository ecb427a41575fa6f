import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ChannelChange } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { CredentialField } from './CredentialField';
import { channelFormErrors, channelFormFields } from './fieldErrors';
import { CREDENTIALS, isProviderKind } from './kinds';
import { useUpdateChannel } from './queries';

interface EditChannelFormProps {
  channel: Channel;
  onSaved: (channel: Channel) => void;
  onCancel: () => void;
}

/**
 * Renames a channel, changes its provider address and replaces credentials.
 * Credential inputs start empty: an empty input keeps the stored secret.
 */
export function EditChannelForm({ channel, onSaved, onCancel }: EditChannelFormProps) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  const [name, setName] = useState(channel.name);
  const [baseURL, setBaseURL] = useState(channel.base_url);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const specs = CREDENTIALS[channel.kind];
  const errors = channelFormErrors(fieldErrors(update.error));
  const formFields = channelFormFields(
    specs.map((s) => s.key),
    0,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const change: ChannelChange = { name: name.trim() };
    if (isProviderKind(channel.kind)) change.base_url = baseURL.trim();
    const replaced = Object.entries(credentials)
      .map(([key, value]) => [key, value.trim()] as const)
      .filter(([, value]) => value !== '');
    if (replaced.length > 0) change.credentials = Object.fromEntries(replaced);
    update.mutate({ id: channel.id, change }, { onSuccess: onSaved });
  }

  return (
    <form className="form-grid channel-edit" onSubmit={submit} noValidate data-testid="edit-channel-form">
      <div className="form-grid-full">
        <ErrorAlert error={update.error} formFields={formFields} testId="edit-channel-error" />
      </div>
      <Field label={t('channels.form.name')} error={errors.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            data-testid="edit-channel-name"
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      {isProviderKind(channel.kind) ? (
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
      ) : (
        <div />
      )}
      {specs.length > 0 && (
        <fieldset className="form-grid-full channel-fieldset">
          <legend>{t('channels.edit.credentials')}</legend>
          <div className="form-grid">
            {specs.map((spec) => (
              <CredentialField
                key={spec.key}
                spec={spec}
                value={credentials[spec.key] ?? ''}
                stored={channel.credentials_set[spec.key] === true}
                error={errors.credentials[spec.key]}
                onChange={(value) => setCredentials((c) => ({ ...c, [spec.key]: value }))}
              />
            ))}
          </div>
        </fieldset>
      )}
      <FormActions
        fullWidth
        onCancel={onCancel}
        pending={update.isPending}
        pendingLabel={t('channels.edit.saving')}
        submitLabel={t('channels.edit.save')}
        submitTestId="edit-channel-submit"
      />
    </form>
  );
}
