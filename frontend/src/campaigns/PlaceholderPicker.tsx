import { useTranslation } from 'react-i18next';
import { Braces } from 'lucide-react';
import { STANDARD_PLACEHOLDERS, placeholderToken } from '../settings/canned/placeholders';
import { useAttributes } from '../contacts/queries';

interface PlaceholderPickerProps {
  /** The recipients file's columns, offered after the contact fields. */
  columns: string[];
  onInsert: (token: string) => void;
  testId?: string;
  disabled?: boolean;
}

/** A select that inserts {{…}}: contact fields, attributes and the file's columns. */
export function PlaceholderPicker({
  columns,
  onInsert,
  testId = 'placeholder-picker',
  disabled,
}: PlaceholderPickerProps) {
  const { t } = useTranslation();
  const attributes = useAttributes();
  return (
    <label className="placeholder-picker">
      <Braces size={15} aria-hidden="true" />
      <span className="visually-hidden">{t('campaigns.placeholders.insert')}</span>
      <select
        className="select-compact"
        aria-label={t('campaigns.placeholders.insert')}
        data-testid={testId}
        value=""
        disabled={disabled}
        onChange={(e) => {
          if (e.target.value) onInsert(placeholderToken(e.target.value));
        }}
      >
        <option value="">{t('campaigns.placeholders.insert')}</option>
        <optgroup label={t('campaigns.placeholders.contact')}>
          {STANDARD_PLACEHOLDERS.map((name) => (
            <option key={name} value={name}>
              {t(`campaigns.placeholders.fields.${name}`)}
            </option>
          ))}
        </optgroup>
        {(attributes.data?.length ?? 0) > 0 && (
          <optgroup label={t('campaigns.placeholders.attributes')}>
            {attributes.data?.map((a) => (
              <option key={a.key} value={`attr.${a.key}`}>
                {a.label}
              </option>
            ))}
          </optgroup>
        )}
        {columns.length > 0 && (
          <optgroup label={t('campaigns.placeholders.columns')}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

/** Inserts token at the textarea's caret (or at the end) and returns the new text. */
export function insertAt(el: HTMLTextAreaElement | HTMLInputElement | null, text: string, token: string): string {
  if (!el || el.selectionStart === null) return text + token;
  const start = el.selectionStart;
  const end = el.selectionEnd ?? start;
  return text.slice(0, start) + token + text.slice(end);
}
