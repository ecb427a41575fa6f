import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTRIBUTE_KEY_PATTERN, ATTRIBUTE_TYPES, type AttributeDef, type AttributeType } from '../../api/contacts';
import { useSaveAttribute } from '../../contacts/queries';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useFieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';

const FORM_FIELDS = ['key', 'label', 'type', 'options'];

/** A key from a label: "Kundennummer (alt)" → "kundennummer_alt". */
export function keyOfLabel(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return key.slice(0, 40);
}

interface AttributeFormProps {
  attribute?: AttributeDef;
  onDone: () => void;
}

/** Creates or edits a custom attribute; the key cannot change once placeholders may use it. */
export function AttributeForm({ attribute, onDone }: AttributeFormProps) {
  const { t } = useTranslation();
  const save = useSaveAttribute();
  const [label, setLabel] = useState(attribute?.label ?? '');
  const [key, setKey] = useState(attribute?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!!attribute);
  const [type, setType] = useState<AttributeType>(attribute?.type ?? 'text');
  const [options, setOptions] = useState((attribute?.options ?? []).join('\n'));
  const errors = useFieldErrors(save.error);
  const shownKey = keyTouched ? key : keyOfLabel(label);
  const keyInvalid = shownKey !== '' && !ATTRIBUTE_KEY_PATTERN.test(shownKey);

  function submit(e: FormEvent) {
    e.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    save.mutate(
      {
        id: attribute?.id ?? null,
        def: { key: shownKey, label: label.trim(), type, options: type === 'choice' ? list : [] },
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="attribute-form" noValidate>
      <h3 className="form-grid-full">
        {attribute ? t('contactFields.form.editTitle') : t('contactFields.form.createTitle')}
      </h3>
      <div className="form-grid-full">
        <ErrorAlert error={save.error} formFields={FORM_FIELDS} testId="attribute-form-error" />
      </div>
      <Field label={t('contactFields.form.label')} error={errors.label}>
        {(control) => (
          <input
            {...control}
            required
            maxLength={80}
            autoComplete="off"
            data-testid="attribute-label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('contactFields.form.key')}
        hint={t('contactFields.form.keyHint', { placeholder: `{{attr.${shownKey || 'key'}}}` })}
        error={errors.key ?? (keyInvalid ? t('contactFields.form.keyInvalid') : undefined)}
      >
        {(control) => (
          <input
            {...control}
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            disabled={!!attribute}
            data-testid="attribute-key"
            value={shownKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
          />
        )}
      </Field>
      <Field label={t('contactFields.form.type')} error={errors.type}>
        {(control) => (
          <select
            {...control}
            data-testid="attribute-type"
            value={type}
            onChange={(e) => setType(e.target.value as AttributeType)}
          >
            {ATTRIBUTE_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`contactFields.types.${ty}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type === 'choice' ? (
        <Field
          label={t('contactFields.form.options')}
          hint={t('contactFields.form.optionsHint')}
          error={errors.options}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              data-testid="attribute-options"
              value={options}
              onChange={(e) => setOptions(e.target.value)}
            />
          )}
        </Field>
      ) : (
        <div />
      )}
      <FormActions
        fullWidth
        onCancel={onDone}
        pending={save.isPending}
        disabled={keyInvalid}
        pendingLabel={t('contactFields.form.saving')}
        submitLabel={attribute ? t('contactFields.form.save') : t('contactFields.form.create')}
        submitTestId="attribute-submit"
      />
    </form>
  );
}
