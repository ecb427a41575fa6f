import { useTranslation } from 'react-i18next';
import { Check, CheckCheck, CircleAlert, CircleHelp, Clock3, Lock, Reply, RotateCcw } from 'lucide-react';
import type { Message } from '../api/inbox';
import { formatClock, messageSummary } from './format';
import { MessageContent } from './MessageContent';

export interface Reaction {
  emoji: string;
  fromContact: boolean;
}

interface MessageBubbleProps {
  message: Message;
  /** The message this one answers, when it is loaded; undefined when not loaded. */
  quoted: Message | undefined;
  reactions: Reaction[];
  onReply: (message: Message) => void;
  onRetry: (message: Message) => void;
  retrying: boolean;
  contactName: string;
}

/** Delivery status of an outbound message as WhatsApp-style ticks. */
export function DeliveryTicks({ status }: { status: Message['status'] }) {
  const { t } = useTranslation();
  let icon;
  switch (status) {
    case 'queued':
      icon = <Clock3 size={14} />;
      break;
    case 'sent':
      icon = <Check size={15} />;
      break;
    case 'delivered':
    case 'read':
      icon = <CheckCheck size={15} />;
      break;
    case 'failed':
      icon = <CircleAlert size={14} />;
      break;
    case 'unknown':
      icon = <CircleHelp size={14} />;
      break;
    default:
      return null;
  }
  const label = t(`inbox.delivery.${status}`);
  return (
    <span
      className={`ticks ticks-${status}`}
      data-testid="message-ticks"
      data-status={status}
      title={label}
      role="img"
      aria-label={label}
    >
      {icon}
    </span>
  );
}

export function MessageBubble({
  message,
  quoted,
  reactions,
  onReply,
  onRetry,
  retrying,
  contactName,
}: MessageBubbleProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const note = message.kind === 'note';
  const out = message.direction === 'out';
  const failed = out && (message.status === 'failed' || message.status === 'unknown');
  const classes = ['msg', out ? 'msg-out' : 'msg-in', note ? 'msg-note' : '', failed ? 'msg-failed' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <div
      className={classes}
      data-testid="message"
      data-message-id={message.id}
      data-direction={message.direction}
      data-kind={message.kind}
      data-status={message.status}
    >
      {out && (
        <div className="msg-author" data-testid="message-author">
          {message.author_name ?? t('inbox.message.system')}
        </div>
      )}
      <div className="msg-row">
        <div className="msg-bubble">
          {note && (
            <div className="msg-note-label" data-testid="note-label">
              <Lock size={12} aria-hidden="true" />
              {t('inbox.message.note')}
            </div>
          )}
          {message.reply_to_id !== null && (
            <div className="msg-quote" data-testid="message-quote">
              <span className="msg-quote-author">
                {quoted
                  ? quoted.direction === 'in'
                    ? contactName
                    : (quoted.author_name ?? t('inbox.message.you'))
                  : ''}
              </span>
              <span className="msg-quote-text">
                {quoted ? messageSummary(quoted, t) : t('inbox.message.quoteNotLoaded')}
              </span>
            </div>
          )}
          <MessageContent message={message} />
          <div className="msg-meta">
            <time dateTime={message.created_at} title={new Date(message.created_at).toLocaleString(lng)}>
              {formatClock(message.created_at, lng)}
            </time>
            {out && !note && <DeliveryTicks status={message.status} />}
          </div>
        </div>
        <div className="msg-actions">
          <button
            type="button"
            className="icon-button msg-action"
            title={t('inbox.message.reply')}
            aria-label={t('inbox.message.reply')}
            data-testid="message-reply"
            onClick={() => onReply(message)}
          >
            <Reply size={16} aria-hidden="true" />
          </button>
        </div>
      </div>
      {reactions.length > 0 && (
        <div className="msg-reactions" data-testid="message-reactions">
          {reactions.map((r, i) => (
            <span key={i} className="msg-reaction" title={r.fromContact ? contactName : undefined}>
              {r.emoji}
            </span>
          ))}
        </div>
      )}
      {failed && (
        <div className="msg-error" data-testid="message-error" role="alert">
          <span>
            {message.status === 'unknown'
              ? t('inbox.message.unknownOutcome')
              : message.error_code === 'no_consent' || message.error_code === 'opted_out'
                ? t(`errors.${message.error_code}`)
                : [message.error_code, message.error_title].filter(Boolean).join(' · ') || t('inbox.message.failed')}
          </span>
          <button
            type="button"
            className="button button-small"
            data-testid="message-retry"
            disabled={retrying}
            onClick={() => onRetry(message)}
          >
            <RotateCcw size={14} aria-hidden="true" />
            {t('inbox.message.retry')}
          </button>
        </div>
      )}
    </div>
  );
}
