import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, RadioTower } from 'lucide-react';
import type { Channel } from '../../api/types';
import { Alert } from '../../ui/Alert';
import { EmptyState } from '../../ui/EmptyState';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { ChannelCard } from './ChannelCard';
import { CreateChannelForm } from './CreateChannelForm';
import { useChannels } from './queries';
import './channels.css';

/** Settings → Channels: the account's provider connections and their numbers. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const channels = useChannels();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Channel | null>(null);

  return (
    <div className="stack">
      <SectionHeader
        title={t('channels.title')}
        description={t('channels.description')}
        action={
          !creating && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-channel"
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
            >
              <Plus size={16} aria-hidden="true" />
              {t('channels.create')}
            </button>
          )
        }
      />

      {created && (
        <Alert tone="success" testId="channel-created">
          {created.webhook_url
            ? t('channels.createdWithWebhook', { name: created.name })
            : t('channels.created', { name: created.name })}
        </Alert>
      )}
      {creating && (
        <CreateChannelForm
          onCancel={() => setCreating(false)}
          onCreated={(channel) => {
            setCreating(false);
            setCreated(channel);
          }}
        />
      )}

      <ResourceList
        query={channels}
        isEmpty={noItems}
        empty={
          <EmptyState
            icon={<RadioTower size={28} />}
            title={t('channels.emptyTitle')}
            description={t('channels.emptyDescription')}
          />
        }
      >
        {(items) => (
          <div className="channel-list" data-testid="channel-list">
            {items.map((channel) => (
              <ChannelCard key={channel.id} channel={channel} />
            ))}
          </div>
        )}
      </ResourceList>
    </div>
  );
}
