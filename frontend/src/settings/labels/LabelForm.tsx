import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOR_PATTERN, type Label, type NewLabel } from '../../api/desk';
import { LabelChip } from '../../labels/LabelChip';
import { DEFAULT_LABEL_COLOR, LABEL_PALETTE } from '../../labels/colors';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';

const FORM_FIELDS = ['name', 'color'] as const;

interface LabelFormProps {
  /** The label being edited; a new one when absent. */
  label?: Label;
  pending: boolean;
  error: unknown;
  onSubmit: (label: NewLabel) => void;
  onCancel: () => void;
}

/** Name and colour of a label, with a preview of its chip. */
export function LabelForm({ label, pending, error, onSubmit, onCancel }: LabelFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(label?.name ?? '');
  const [color, setColor] = useState(label?.color ?? DEFAULT_LABEL_COLOR);
  const fields = fieldErrors(error);
  const validColor = COLOR_PATTERN.test(color);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit({ name: name.trim(), color: color.toLowerCase() });
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={submit}
      data-testid="label-form"
      aria-label={label ? t('labels.form.editTitle') : t('labels.form.createTitle')}
    >
      <h2 className="form-grid-full">{label ? t('labels.form.editTitle') : t('labels.form.createTitle')}</h2>
      <div className="form-grid-full">
        <ErrorAlert error={error} formFields={FORM_FIELDS} testId="label-form-error" />
      </div>
      <Field label={t('labels.form.name')} error={fields.name}>
        {(control) => (
          <input
            {...control}
            name="name"
            autoComplete="off"
            required
            maxLength={50}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('labels.form.color')} hint={t('labels.form.colorHint')} error={fields.color}>
        {(control) => (
          <div className="label-color-field">
            <input
              {...control}
              name="color"
              autoComplete="off"
              required
              className="label-color-text"
              value={color}
              onChange={(e) => setColor(e.target.value.trim())}
            />
            <input
              type="color"
              aria-label={t('labels.form.colorPicker')}
              value={validColor ? color.toLowerCase() : DEFAULT_LABEL_COLOR}
              onChange={(e) => setColor(e.target.value)}
            />
          </div>
        )}
      </Field>
      <div className="form-grid-full label-palette" role="group" aria-label={t('labels.form.palette')}>
        {LABEL_PALETTE.map((c) => (
          <button
            key={c}
            type="button"
            className={c === color.toLowerCase() ? 'label-palette-color selected' : 'label-palette-color'}
            style={{ background: c }}
            aria-label={c}
            aria-pressed={c === color.toLowerCase()}
            onClick={() => setColor(c)}
          />
        ))}
        <span className="label-preview">
          {t('labels.form.preview')}{' '}
          <LabelChip
            label={{
              id: 0,
              name: name.trim() || t('labels.form.name'),
              color: validColor ? color : DEFAULT_LABEL_COLOR,
            }}
          />
        </span>
      </div>
      <FormActions
        fullWidth
        onCancel={onCancel}
        pending={pending}
        pendingLabel={t('labels.form.saving')}
        submitLabel={label ? t('labels.form.save') : t('labels.form.create')}
        submitTestId="label-form-submit"
      />
    </form>
  );
}
