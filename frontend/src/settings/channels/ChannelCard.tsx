import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlaskConical, MessageCircle, MessageSquareText, Pencil, type LucideIcon } from 'lucide-react';
import type { Channel, ChannelKind } from '../../api/types';
import { Alert } from '../../ui/Alert';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ChannelDetails } from './ChannelDetails';
import { EditChannelForm } from './EditChannelForm';
import { SenderManager } from './SenderManager';
import { useUpdateChannel } from './queries';

const KIND_ICONS: Record<ChannelKind, LucideIcon> = {
  whatsapp_cloud: MessageCircle,
  sms_twilio: MessageSquareText,
  sandbox: FlaskConical,
};

/** The on/off switch of a channel; a disabled channel neither sends nor receives. */
function EnabledSwitch({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  // While the change is on its way, show where it is going.
  const shown = (update.isPending ? update.variables?.change.enabled : undefined) ?? channel.enabled;
  return (
    <div className="channel-switch-wrap">
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={shown}
        aria-label={t('channels.enabledLabel', { name: channel.name })}
        disabled={update.isPending}
        data-testid="channel-enabled"
        onClick={() => update.mutate({ id: channel.id, change: { enabled: !channel.enabled } })}
      >
        <span className="switch-thumb" aria-hidden="true" />
      </button>
      <ErrorAlert error={update.error} />
    </div>
  );
}

/** One channel: kind, state, numbers and webhook; edited in place. */
export function ChannelCard({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const Icon = KIND_ICONS[channel.kind];

  return (
    <article
      className={channel.enabled ? 'panel channel-card' : 'panel channel-card channel-card-disabled'}
      data-testid={`channel-card-${channel.name}`}
      aria-labelledby={`channel-${channel.id}-name`}
    >
      <header className="channel-card-head">
        <span className={`channel-icon channel-icon-${channel.kind}`} aria-hidden="true">
          <Icon size={20} />
        </span>
        <div className="channel-title">
          <h3 id={`channel-${channel.id}-name`}>{channel.name}</h3>
          <div className="channel-badges">
            <span className={`badge badge-kind badge-kind-${channel.kind}`} data-testid="channel-kind-badge">
              {t(`channels.kinds.${channel.kind}`)}
            </span>
            <span className={channel.enabled ? 'badge badge-success' : 'badge'} data-testid="channel-status">
              {channel.enabled ? t('channels.enabled') : t('channels.disabled')}
            </span>
          </div>
        </div>
        <div className="channel-card-actions">
          <EnabledSwitch channel={channel} />
          {!editing && (
            <button
              type="button"
              className="button button-small"
              data-testid="channel-edit"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              <Pencil size={14} aria-hidden="true" />
              {t('channels.edit.open')}
            </button>
          )}
        </div>
      </header>

      {channel.held_webhooks > 0 && (
        <Alert tone="info" testId="channel-held">
          {t('channels.held', { count: channel.held_webhooks })}
        </Alert>
      )}

      {saved && (
        <Alert tone="success" testId="channel-saved">
          {t('channels.edit.saved')}
        </Alert>
      )}

      {editing ? (
        <div className="channel-edit-wrap">
          <EditChannelForm
            channel={channel}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
            }}
          />
          <SenderManager channel={channel} />
        </div>
      ) : (
        <ChannelDetails channel={channel} />
      )}
    </article>
  );
}
