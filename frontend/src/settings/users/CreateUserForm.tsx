import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { RoleSelect } from '../../ui/RoleSelect';
import { useCreateUser } from './queries';

const FORM_FIELDS = ['email', 'name', 'role', 'password', 'extension'] as const;

interface CreateUserFormProps {
  onCreated: (user: User) => void;
  onCancel: () => void;
}

export function CreateUserForm({ onCreated, onCancel }: CreateUserFormProps) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [extension, setExtension] = useState('');
  const fields = fieldErrors(create.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const ext = extension.trim();
    create.mutate(
      { email: email.trim(), name: name.trim(), role, password, ...(ext ? { extension: ext } : {}) },
      { onSuccess: onCreated },
    );
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={submit}
      data-testid="create-user-form"
      aria-labelledby="create-user-title"
    >
      <h2 id="create-user-title" className="form-grid-full">
        {t('users.form.title')}
      </h2>
      <div className="form-grid-full">
        <ErrorAlert error={create.error} formFields={FORM_FIELDS} testId="create-user-error" />
      </div>
      <Field label={t('users.form.name')} error={fields.name}>
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
      <Field label={t('users.form.email')} error={fields.email}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('users.form.role')} error={fields.role}>
        {(control) => <RoleSelect {...control} name="role" value={role} onChange={setRole} />}
      </Field>
      <Field label={t('users.form.extension')} hint={t('users.form.extensionHint')} error={fields.extension} optional>
        {(control) => (
          <input
            {...control}
            name="extension"
            inputMode="numeric"
            autoComplete="off"
            value={extension}
            onChange={(e) => setExtension(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('users.form.password')} hint={t('users.form.passwordHint')} error={fields.password}>
        {(control) => (
          <input
            {...control}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <FormActions
        fullWidth
        onCancel={onCancel}
        pending={create.isPending}
        pendingLabel={t('users.form.submitting')}
        submitLabel={t('users.form.submit')}
        submitTestId="create-user-submit"
      />
    </form>
  );
}
