import { useTranslation } from 'react-i18next';
import type { Message } from '../api/inbox';
import { formatClock } from '../inbox/format';
import './consent.css';

/** The keyword events a system message can stand for, with their line's translation key. */
const EVENT_KEYS = {
  'consent.stopped': 'consent.events.consent_stopped',
  'consent.started': 'consent.events.consent_started',
  'group.joined': 'consent.events.group_joined',
  'group.left': 'consent.events.group_left',
  'keyword.unknown': 'consent.events.keyword_unknown',
} as const;

function isKnownEvent(event: string): event is keyof typeof EVENT_KEYS {
  return Object.hasOwn(EVENT_KEYS, event);
}

/** The event and group of a system message's extra JSON, when it has them. */
export function systemEventOf(extra: unknown): { event: string; group: string } {
  const record = extra && typeof extra === 'object' ? (extra as Record<string, unknown>) : {};
  return {
    event: typeof record.event === 'string' ? record.event : '',
    group: typeof record.group === 'string' ? record.group : '',
  };
}

/** A keyword event ("left NEWS") as a centred, muted line of the thread; unknown events show the body. */
export function SystemEvent({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const { event, group } = systemEventOf(message.extra);
  const text = isKnownEvent(event) ? t(EVENT_KEYS[event], { group }) : message.body;
  return (
    <div className="msg-system" data-testid="message" data-kind="system" data-message-id={message.id} role="note">
      <span data-testid="system-event" data-event={event}>
        {text}
        {' · '}
        <time dateTime={message.created_at}>{formatClock(message.created_at, i18n.resolvedLanguage ?? 'en')}</time>
      </span>
    </div>
  );
}
