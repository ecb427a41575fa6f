import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhatsAppTemplate } from '../api/templates';
import type { ID } from '../api/types';
import { Field } from '../ui/Field';
import { TemplateFields } from './TemplateFields';
import { TemplatePreview } from './TemplatePreview';
import { emptyValues, preview, toParameters, type TemplateValues } from './values';

/** The chosen template and its values, as the dialogs keep them. */
export function useTemplateForm(templates: WhatsAppTemplate[]) {
  const [templateId, setTemplateId] = useState<ID | null>(null);
  const [values, setValues] = useState<TemplateValues>({});
  const template = templates.find((t) => t.id === templateId) ?? null;
  return {
    template,
    values,
    select(id: ID | null) {
      setTemplateId(id);
      const next = templates.find((t) => t.id === id);
      setValues(next ? emptyValues(next) : {});
    },
    change(field: string, value: string) {
      setValues((v) => ({ ...v, [field]: value }));
    },
    /** What the API takes, or null while no template is chosen. */
    send() {
      return template ? { template_id: template.id, parameters: toParameters(template, values) } : null;
    },
  };
}

export type TemplateForm = ReturnType<typeof useTemplateForm>;

interface TemplateChooserProps {
  templates: WhatsAppTemplate[];
  form: TemplateForm;
  errors: Record<string, string>;
}

/** Template select, one input per variable, and the live preview. */
export function TemplateChooser({ templates, form, errors }: TemplateChooserProps) {
  const { t } = useTranslation();
  const { template, values } = form;
  const shown = useMemo(() => (template ? preview(template, values) : null), [template, values]);
  return (
    <div className="template-chooser">
      <div className="template-chooser-form">
        <Field label={t('templates.send.template')} error={errors.template_id}>
          {(control) => (
            <select
              {...control}
              name="template_id"
              data-testid="template-select"
              value={template?.id ?? ''}
              onChange={(e) => form.select(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{t('templates.send.choose')}</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {t('templates.send.option', { name: tpl.name, language: tpl.language })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {template && <TemplateFields template={template} values={values} onChange={form.change} errors={errors} />}
      </div>
      {shown && <TemplatePreview preview={shown} />}
    </div>
  );
}
