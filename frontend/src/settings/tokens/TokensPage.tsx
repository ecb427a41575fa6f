import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus } from 'lucide-react';
import type { ApiToken, CreatedApiToken } from '../../api/types';
import { useCan } from '../../auth/session';
import { useDateTimeFormat } from '../../i18n/format';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
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
      <SectionHeader
        title={t('tokens.title')}
        description={t('tokens.description')}
        action={
          canWrite &&
          !creating &&
          !created && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-token"
              onClick={() => setCreating(true)}
            >
              <Plus size={16} aria-hidden="true" />
              {t('tokens.create')}
            </button>
          )
        }
      />

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

      <ResourceList query={tokens} isEmpty={noItems} empty={t('tokens.empty')}>
        {(items) => (
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
                {items.map((token) => (
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
      </ResourceList>
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
          {!revoked && (
            <ConfirmAction
              trigger={t('tokens.revoke')}
              triggerTestId="token-revoke"
              confirmLabel={t('tokens.confirmRevoke')}
              confirmTestId="token-revoke-confirm"
              busy={revoking}
              onConfirm={onRevoke}
            />
          )}
        </td>
      )}
    </tr>
  );
}
