import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Channel } from '../../api/types';
import { CopyButton } from '../../ui/CopyButton';
import { CREDENTIALS } from './kinds';

/** Where the provider must send webhooks, with what to do there. */
export function WebhookInfo({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  if (!channel.webhook_url || channel.kind === 'sandbox') return null;
  return (
    <div className="webhook-info" data-testid="channel-webhook">
      <div className="secret-row">
        <input
          className="secret-value"
          readOnly
          aria-label={t('channels.webhook.label')}
          value={channel.webhook_url}
          data-testid="channel-webhook-url"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton text={channel.webhook_url} testId="channel-webhook-copy" />
      </div>
      <p className="field-hint">{t(`channels.webhook.instructions.${channel.kind}`)}</p>
    </div>
  );
}

/** Which credentials the server holds: only set / not set, never the values. */
export function CredentialStatus({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const specs = CREDENTIALS[channel.kind];
  return (
    <ul className="credential-status" data-testid="channel-credentials">
      {specs.map(({ key, required }) => {
        const set = channel.credentials_set[key] === true;
        return (
          <li key={key} data-testid={`credential-status-${key}`}>
            <span>{t(`channels.credentials.labels.${key}`)}</span>
            <span className={set ? 'badge badge-success' : required ? 'badge badge-danger' : 'badge'}>
              {set ? t('channels.credentials.set') : t('channels.credentials.notSet')}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** A channel's sender numbers, webhook, credentials and provider address. */
export function ChannelDetails({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const provider = channel.kind !== 'sandbox';
  return (
    <dl className="details channel-details">
      <div className="details-row">
        <dt>{t('channels.details.senders')}</dt>
        <dd>
          {channel.senders.length === 0 ? (
            <span className="muted">{t('channels.details.noSenders')}</span>
          ) : (
            <ul className="sender-list">
              {channel.senders.map((s) => (
                <li key={s.id} data-testid="channel-sender">
                  <span className="sender-number">{s.phone_number}</span>
                  {s.name && <span className="muted"> · {s.name}</span>}
                  {s.provider_id && channel.kind === 'whatsapp_cloud' && (
                    <span className="cell-secondary sender-provider-id">
                      {t('channels.sender.providerIdShort', { id: s.provider_id })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      {provider && (
        <div className="details-row">
          <dt>{t('channels.details.webhook')}</dt>
          <dd>
            <WebhookInfo channel={channel} />
          </dd>
        </div>
      )}
      {provider && (
        <div className="details-row">
          <dt>{t('channels.details.credentials')}</dt>
          <dd>
            <CredentialStatus channel={channel} />
          </dd>
        </div>
      )}
      {provider && (
        <div className="details-row">
          <dt>{t('channels.details.baseURL')}</dt>
          <dd>
            {channel.base_url ? (
              <code>{channel.base_url}</code>
            ) : (
              <span className="muted">{t('channels.details.defaultBaseURL')}</span>
            )}
          </dd>
        </div>
      )}
      {!provider && (
        <div className="details-row">
          <dt>{t('channels.details.sandbox')}</dt>
          <dd className="channel-sandbox-note">
            <span>{t('channels.details.sandboxNote')}</span>{' '}
            <Link to="/sandbox">{t('channels.details.openSandbox')}</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}
