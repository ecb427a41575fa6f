import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Paperclip, X } from 'lucide-react';
import { MAX_CANNED_TEXT, MAX_SHORTCODE, type CannedResponse, type NewCannedResponse } from '../../api/desk';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { Field } from '../../ui/Field';
import { FormActions } from '../../ui/FormActions';
import { STANDARD_PLACEHOLDERS, placeholderToken } from './placeholders';

const FORM_FIELDS = ['shortcode', 'text', 'file'] as const;

export interface CannedFormValue {
  canned: NewCannedResponse;
  /** A new file to attach. */
  file: File | null;
  /** Take the current file off. */
  removeFile: boolean;
}

interface CannedFormProps {
  canned?: CannedResponse;
  pending: boolean;
  error: unknown;
  onSubmit: (value: CannedFormValue) => void;
  onCancel: () => void;
}

/** Shortcode, text with placeholders, and an optional file. */
export function CannedForm({ canned, pending, error, onSubmit, onCancel }: CannedFormProps) {
  const { t } = useTranslation();
  const [shortcode, setShortcode] = useState(canned?.shortcode ?? '');
  const [text, setText] = useState(canned?.text ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [removeFile, setRemoveFile] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const fields = fieldErrors(error);
  const currentFile = file?.name ?? (removeFile ? null : (canned?.attachment?.filename ?? null));

  function insertPlaceholder(name: string) {
    const el = textRef.current;
    const token = placeholderToken(name);
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + token + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit({ canned: { shortcode: shortcode.trim().toLowerCase(), text }, file, removeFile });
  }

  const title = canned ? t('canned.form.editTitle') : t('canned.form.createTitle');
  return (
    <form className="panel form-stack" onSubmit={submit} data-testid="canned-form" aria-label={title}>
      <h2>{title}</h2>
      <ErrorAlert error={error} formFields={FORM_FIELDS} testId="canned-form-error" />
      <Field label={t('canned.form.shortcode')} hint={t('canned.form.shortcodeHint')} error={fields.shortcode}>
        {(control) => (
          <div className="canned-shortcode-input">
            <span aria-hidden="true">/</span>
            <input
              {...control}
              name="shortcode"
              autoComplete="off"
              required
              maxLength={MAX_SHORTCODE}
              value={shortcode}
              onChange={(e) => setShortcode(e.target.value)}
            />
          </div>
        )}
      </Field>
      <Field
        label={t('canned.form.text')}
        hint={t('canned.form.textHint', { count: text.length, max: MAX_CANNED_TEXT })}
        error={fields.text}
      >
        {(control) => (
          <textarea
            {...control}
            ref={textRef}
            name="text"
            rows={5}
            required
            maxLength={MAX_CANNED_TEXT}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <div className="canned-placeholders" data-testid="canned-placeholders">
        <p className="field-hint">{t('canned.form.placeholdersHint')}</p>
        <div className="canned-placeholder-list">
          {STANDARD_PLACEHOLDERS.map((name) => (
            <button
              key={name}
              type="button"
              className="button button-small canned-code"
              title={t(`canned.placeholders.${name}`)}
              onClick={() => insertPlaceholder(name)}
            >
              {placeholderToken(name)}
            </button>
          ))}
        </div>
        <p className="field-hint">
          {t('canned.form.attributesHint')} <code>{placeholderToken('city')}</code>
        </p>
      </div>
      <div className="field">
        <span className="canned-file-label">
          {t('canned.form.file')} <span className="field-optional">({t('common.optional')})</span>
        </span>
        <div className="canned-file-row">
          {currentFile ? (
            <span className="canned-file-name" data-testid="canned-form-file">
              <Paperclip size={14} aria-hidden="true" />
              {currentFile}
              <button
                type="button"
                className="icon-button"
                aria-label={t('canned.form.removeFile')}
                onClick={() => {
                  setFile(null);
                  setRemoveFile(true);
                }}
              >
                <X size={14} aria-hidden="true" />
              </button>
            </span>
          ) : (
            <span className="muted">{t('canned.form.noFile')}</span>
          )}
          <input
            ref={fileRef}
            type="file"
            hidden
            data-testid="canned-form-file-input"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              e.target.value = '';
            }}
          />
          <button type="button" className="button button-small" onClick={() => fileRef.current?.click()}>
            {currentFile ? t('canned.form.replaceFile') : t('canned.form.chooseFile')}
          </button>
        </div>
        <p className="field-hint">{t('canned.form.fileHint')}</p>
        {fields.file && <p className="field-error">{fields.file}</p>}
      </div>
      <FormActions
        onCancel={onCancel}
        pending={pending}
        pendingLabel={t('canned.form.saving')}
        submitLabel={canned ? t('canned.form.save') : t('canned.form.create')}
        submitTestId="canned-form-submit"
      />
    </form>
  );
}
