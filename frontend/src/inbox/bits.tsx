// Small pieces the inbox's lists, header and panel share.

import { useTranslation } from 'react-i18next';
import { MessageCircle, MessageSquareText, Smartphone, UserRound } from 'lucide-react';
import type { ChannelKind, ConversationStatus } from '../api/inbox';
import type { PresentUser } from '../realtime/presence';
import { initials } from './format';

const CHANNEL_ICONS = { whatsapp_cloud: MessageCircle, sms_twilio: MessageSquareText, sandbox: Smartphone };

/** The channel's kind as a small coloured icon, named for screen readers. */
export function ChannelIcon({ kind, size = 14 }: { kind: ChannelKind; size?: number }) {
  const { t } = useTranslation();
  const Icon = CHANNEL_ICONS[kind] ?? MessageCircle;
  return (
    <span className={`inbox-channel inbox-channel-${kind}`} title={t(`inbox.channelKinds.${kind}`)}>
      <Icon size={size} aria-hidden="true" />
      <span className="visually-hidden">{t(`inbox.channelKinds.${kind}`)}</span>
    </span>
  );
}

const AVATAR_TONES = 6;

/** A round badge with someone's initials, coloured by a stable hash of the name. */
export function Avatar({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' | 'lg' }) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  // A contact known only by number gets a person icon rather than a digit.
  const hasLetters = /\p{L}/u.test(name);
  return (
    <span className={`inbox-avatar inbox-avatar-${size} tone-${hash % AVATAR_TONES}`} aria-hidden="true">
      {hasLetters ? initials(name) : <UserRound size={size === 'lg' ? 30 : size === 'sm' ? 12 : 19} />}
    </span>
  );
}

export function StatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-${status}`} data-testid="conversation-status">
      {t(`inbox.status.${status}`)}
    </span>
  );
}

/** Small stacked avatars of other agents who have a conversation open. */
export function Viewers({ users, testId, label }: { users: PresentUser[]; testId?: string; label?: boolean }) {
  const { t } = useTranslation();
  if (users.length === 0) return null;
  const names = users.map((u) => u.user_name).join(', ');
  return (
    <span className="viewers" data-testid={testId} title={t('inbox.viewing', { names })}>
      {label && <span className="viewers-label">{t('inbox.alsoViewing')}</span>}
      <span className="viewers-stack">
        {users.slice(0, 3).map((u) => (
          <Avatar key={u.user_id} name={u.user_name} size="sm" />
        ))}
      </span>
      <span className="visually-hidden">{t('inbox.viewing', { names })}</span>
    </span>
  );
}
