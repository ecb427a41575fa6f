import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '../../api/types';
import { CopyButton } from '../../ui/CopyButton';

/** The new token's secret, shown once right after it was created. */
export function TokenSecret({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="panel panel-highlight" data-testid="token-secret-panel" role="status">
      <h2>{t('tokens.secret.title')}</h2>
      <p className="muted">{t('tokens.secret.description', { name: created.token.name })}</p>
      <div className="secret-row">
        <input
          className="secret-value"
          readOnly
          aria-label={t('tokens.secret.label')}
          value={created.secret}
          data-testid="token-secret"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={created.secret} testId="token-secret-copy" />
      </div>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          {t('tokens.secret.done')}
        </button>
      </div>
    </div>
  );
}
