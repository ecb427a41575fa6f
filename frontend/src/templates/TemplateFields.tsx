import { useTranslation } from 'react-i18next';
import type { TemplateVariable, WhatsAppTemplate } from '../api/templates';
import { Field } from '../ui/Field';
import { isMedia, type TemplateValues } from './values';

interface TemplateFieldsProps {
  template: WhatsAppTemplate;
  values: TemplateValues;
  onChange: (field: string, value: string) => void;
  /** The server's messages by field (header, body.1, body.first_name, buttons.0). */
  errors: Record<string, string>;
}

/** One input per value a template takes: header media link or text, body variables, buttons. */
export function TemplateFields({ template, values, onChange, errors }: TemplateFieldsProps) {
  const { t } = useTranslation();
  if (template.variables.length === 0) {
    return (
      <p className="muted" data-testid="template-no-variables">
        {t('templates.fields.none')}
      </p>
    );
  }

  function label(v: TemplateVariable): string {
    const name = `{{${v.name ?? ''}}}`;
    if (v.component === 'header') {
      return isMedia(v)
        ? t(`templates.fields.headerMedia.${v.type as 'image'}`)
        : t('templates.fields.header', { name });
    }
    if (v.component === 'button') {
      return v.type === 'payload'
        ? t('templates.fields.buttonPayload', { button: v.button_text ?? '' })
        : t('templates.fields.buttonUrl', { button: v.button_text ?? '' });
    }
    return t('templates.fields.body', { name });
  }

  function hint(v: TemplateVariable): string | undefined {
    if (isMedia(v)) return t('templates.fields.mediaHint');
    if (v.example) return t('templates.fields.example', { example: v.example });
    return undefined;
  }

  return (
    <div className="template-fields" data-testid="template-fields">
      {template.variables.map((v) => (
        <Field key={v.field} label={label(v)} hint={hint(v)} error={errors[v.field]} optional={!v.required}>
          {(control) => (
            <input
              {...control}
              name={v.field}
              type={isMedia(v) ? 'url' : 'text'}
              inputMode={isMedia(v) ? 'url' : undefined}
              placeholder={isMedia(v) ? 'https://' : (v.example ?? '')}
              autoComplete="off"
              data-testid={`template-field-${v.field}`}
              value={values[v.field] ?? ''}
              onChange={(e) => onChange(v.field, e.target.value)}
            />
          )}
        </Field>
      ))}
    </div>
  );
}
