import { useTranslation } from 'react-i18next';
import { Dices } from 'lucide-react';
import { Field } from '../../ui/Field';
import { randomToken, type CredentialSpec } from './kinds';

interface CredentialFieldProps {
  spec: CredentialSpec;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Editing an existing channel: whether the server holds a value (empty input keeps it). */
  stored?: boolean;
}

/** One credential input. Stored values are never shown; typing replaces them. */
export function CredentialField({ spec, value, onChange, error, stored }: CredentialFieldProps) {
  const { t } = useTranslation();
  const editing = stored !== undefined;
  const hint = editing
    ? stored
      ? t('channels.credentials.keepHint')
      : t('channels.credentials.notSetHint')
    : t(`channels.credentials.hints.${spec.key}`);
  return (
    <Field
      label={t(`channels.credentials.labels.${spec.key}`)}
      hint={hint}
      error={error}
      optional={!spec.required || editing}
    >
      {(control) => (
        <div className="credential-input">
          <input
            {...control}
            name={`credentials.${spec.key}`}
            data-testid={`credential-${spec.key}`}
            type={spec.secret ? 'password' : 'text'}
            autoComplete={spec.secret ? 'new-password' : 'off'}
            spellCheck={false}
            placeholder={editing && stored ? '••••••••' : undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          {spec.key === 'verify_token' && (
            <button
              type="button"
              className="button"
              title={t('channels.credentials.generate')}
              onClick={() => onChange(randomToken())}
            >
              <Dices size={16} aria-hidden="true" />
              <span>{t('channels.credentials.generate')}</span>
            </button>
          )}
        </div>
      )}
    </Field>
  );
}
