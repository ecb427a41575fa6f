import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, X } from 'lucide-react';

interface WordListEditorProps {
  label: string;
  hint: string;
  words: string[];
  onChange: (words: string[]) => void;
  testId: string;
  disabled?: boolean;
}

/** Keywords as removable chips and a box to add one; words are kept upper-case and unique. */
export function WordListEditor({ label, hint, words, onChange, testId, disabled }: WordListEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');

  function add() {
    const word = draft.trim().toUpperCase();
    if (word && !words.includes(word)) onChange([...words, word]);
    setDraft('');
  }

  return (
    <fieldset className="field" data-testid={testId}>
      <legend>{label}</legend>
      <p className="field-hint">{hint}</p>
      <ul className="consent-words" aria-label={label}>
        {words.map((word) => (
          <li key={word} className="badge consent-word" data-testid={`${testId}-word`}>
            {word}
            {!disabled && (
              <button
                type="button"
                className="icon-button"
                aria-label={t('consentSettings.words.remove', { word })}
                data-testid={`${testId}-remove-${word}`}
                onClick={() => onChange(words.filter((w) => w !== word))}
              >
                <X size={12} aria-hidden="true" />
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <div className="consent-word-add">
          <input
            aria-label={t('consentSettings.words.new', { list: label })}
            autoComplete="off"
            data-testid={`${testId}-input`}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button
            type="button"
            className="button button-small"
            data-testid={`${testId}-add`}
            disabled={draft.trim() === ''}
            onClick={add}
          >
            <Plus size={14} aria-hidden="true" />
            {t('consentSettings.words.add')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
