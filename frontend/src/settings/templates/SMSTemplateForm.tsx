import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SMSTemplate } from '../../api/templates';
import { countSegments } from '../../sms/segments';
import { useSaveSMSTemplate } from '../../templates/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';

const FORM_FIELDS = ['name', 'body'] as const;

/** The longest SMS text the provider takes (it is split into parts). */
export const MAX_SMS_LENGTH = 1600;

interface SMSTemplateFormProps {
  /** The template to edit; a new one when absent. */
  template?: SMSTemplate;
  onDone: () => void;
}

/** Creates or edits an SMS template; placeholders like {{first_name}} are filled from the contact. */
export function SMSTemplateForm({ template, onDone }: SMSTemplateFormProps) {
  const { t } = useTranslation();
  const save = useSaveSMSTemplate();
  const [name, setName] = useState(template?.name ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const fields = fieldErrors(save.error);
  const segments = countSegments(body);
  const length = [...body].length;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ id: template?.id, input: { name: name.trim(), body } }, { onSuccess: onDone });
  }

  return (
    <form className="panel form-stack" onSubmit={submit} data-testid="sms-template-form">
      <h3>{template ? t('templates.sms.editTitle') : t('templates.sms.createTitle')}</h3>
      <ErrorAlert error={save.error} formFields={FORM_FIELDS} testId="sms-template-error" />
      <Field label={t('templates.sms.name')} error={fields.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            autoComplete="off"
            required
            maxLength={120}
            data-testid="sms-template-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('templates.sms.body')}
        hint={t('templates.sms.bodyHint', { example: '{{first_name}}', example2: '{{name}}' })}
        error={fields.body}
      >
        {(control) => (
          <textarea
            {...control}
            name="body"
            rows={5}
            required
            data-testid="sms-template-body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <p className={length > MAX_SMS_LENGTH ? 'field-error' : 'muted'} data-testid="sms-template-count">
        {t('templates.sms.count', {
          length,
          max: MAX_SMS_LENGTH,
          segments: segments.segments,
          encoding: segments.encoding,
        })}
      </p>
      <FormActions
        onCancel={onDone}
        pending={save.isPending}
        pendingLabel={t('templates.sms.saving')}
        submitLabel={t('templates.sms.save')}
        submitTestId="sms-template-submit"
      />
    </form>
  );
}
