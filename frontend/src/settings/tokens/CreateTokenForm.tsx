import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken, Role } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { RoleSelect } from '../../ui/RoleSelect';
import { useCreateToken } from './queries';

const FORM_FIELDS = ['name', 'role'] as const;

interface CreateTokenFormProps {
  onCreated: (created: CreatedApiToken) => void;
  onCancel: () => void;
}

export function CreateTokenForm({ onCreated, onCancel }: CreateTokenFormProps) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const fields = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), role }, { onSuccess: onCreated });
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={submit}
      data-testid="create-token-form"
      aria-labelledby="create-token-title"
    >
      <h2 id="create-token-title" className="form-grid-full">
        {t('tokens.form.title')}
      </h2>
      <div className="form-grid-full">
        <ErrorAlert error={create.error} formFields={FORM_FIELDS} testId="create-token-error" />
      </div>
      <Field label={t('tokens.form.name')} hint={t('tokens.form.nameHint')} error={fields.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            autoComplete="off"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('tokens.form.role')} error={fields.role}>
        {(control) => <RoleSelect {...control} name="role" value={role} onChange={setRole} />}
      </Field>
      <FormActions
        fullWidth
        onCancel={onCancel}
        pending={create.isPending}
        pendingLabel={t('tokens.form.submitting')}
        submitLabel={t('tokens.form.submit')}
        submitTestId="create-token-submit"
      />
    </form>
  );
}
