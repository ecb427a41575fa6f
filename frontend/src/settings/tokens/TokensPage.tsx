import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { ApiToken, CreatedApiToken } from '../../api/types';
import { useCan } from '../../auth/session';
import { useDateTimeFormat } from '../../i18n/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Spinner } from '../../ui/Spinner';
import { CreateTokenForm } from './CreateTokenForm';
import { TokenSecret } from './TokenSecret';
import { useRevokeToken, useTokens } from './queries';

/** Settings → API tokens: tokens for scripts and integrations. */
export function TokensPage() {
  const { t } = useTranslation();
  const canWrite = useCan('tokens:write');
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  return (
    <div className="stack">
      <div className="section-header">
        <div>
          <h2>{t('tokens.title')}</h2>
          <p className="muted">{t('tokens.description')}</p>
        </div>
        {canWrite && !creating && !created && (
          <button
            type="button"
            className="button button-primary"
            data-testid="new-token"
            onClick={() => setCreating(true)}
          >
            <Plus size={16} aria-hidden="true" />
            {t('tokens.create')}
          </button>
        )}
      </div>

      {created && <TokenSecret created={created} onDone={() => setCreated(null)} />}
      {creating && (
        <CreateTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
          }}
        />
      )}
      <ErrorAlert error={revoke.error} />

      {tokens.isPending ? (
        <Spinner />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} />
      ) : tokens.data.length === 0 ? (
        <p className="muted">{t('tokens.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-cards" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">{t('tokens.columns.name')}</th>
                <th scope="col">{t('tokens.columns.role')}</th>
                <th scope="col">{t('tokens.columns.prefix')}</th>
                <th scope="col">{t('tokens.columns.created')}</th>
                <th scope="col">{t('tokens.columns.lastUsed')}</th>
                <th scope="col">{t('tokens.columns.status')}</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  canWrite={canWrite}
                  revoking={revoke.isPending && revoke.variables === token.id}
                  onRevoke={() => revoke.mutate(token.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

interface TokenRowProps {
  token: ApiToken;
  canWrite: boolean;
  revoking: boolean;
  onRevoke: () => void;
}

function TokenRow({ token, canWrite, revoking, onRevoke }: TokenRowProps) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  const [confirming, setConfirming] = useState(false);
  const revoked = token.revoked_at !== null;
  return (
    <tr data-testid={`token-row-${token.name}`} className={revoked ? 'row-muted' : ''}>
      <td className="cell-strong">{token.name}</td>
      <td data-label={t('tokens.columns.role')}>{t(`roles.${token.role}`)}</td>
      <td data-label={t('tokens.columns.prefix')}>
        <code>{token.prefix}</code>
      </td>
      <td data-label={t('tokens.columns.created')} className="cell-date">
        {formatDate(token.created_at)}
      </td>
      <td data-label={t('tokens.columns.lastUsed')} className="cell-date">
        {token.last_used_at ? formatDate(token.last_used_at) : <span className="muted">{t('common.never')}</span>}
      </td>
      <td data-label={t('tokens.columns.status')}>
        {revoked ? (
          <span className="badge">{t('tokens.revokedAt', { date: formatDate(token.revoked_at) })}</span>
        ) : (
          <span className="badge badge-success">{t('tokens.active')}</span>
        )}
      </td>
      {canWrite && (
        <td className="cell-actions">
          {!revoked &&
            (confirming ? (
              <span className="inline-actions">
                <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  disabled={revoking}
                  data-testid="token-revoke-confirm"
                  onClick={onRevoke}
                >
                  {t('tokens.confirmRevoke')}
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="button button-small"
                data-testid="token-revoke"
                onClick={() => setConfirming(true)}
              >
                {t('tokens.revoke')}
              </button>
            ))}
        </td>
      )}
    </tr>
  );
}
