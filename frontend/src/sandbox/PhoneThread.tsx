import { Fragment, useCallback, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Lock } from 'lucide-react';
import type { SandboxMessage } from '../api/sandbox';
import { PendingBubble, PhoneBubble, type PendingMessage } from './PhoneBubble';

/** Distance from the bottom (px) within which the thread keeps following new messages. */
const PINNED_SLACK = 80;

function useFormats() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language ?? 'en';
  const time = new Intl.DateTimeFormat(lng, { timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(lng, { dateStyle: 'medium' });
  const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
  const today = dayKey(new Date());
  return {
    time: (iso: string) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? '' : time.format(d);
    },
    dayKey: (iso: string) => dayKey(new Date(iso)),
    dayLabel: (iso: string) => {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return '';
      return dayKey(d) === today ? t('sandbox.today') : date.format(d);
    },
  };
}

interface PhoneThreadProps {
  messages: SandboxMessage[];
  pending: PendingMessage[];
  businessName: string;
  loading: boolean;
  /** No valid customer number yet: there is no thread to show. */
  noNumber: boolean;
}

/** The conversation as the customer's messenger shows it, kept scrolled to the newest message. */
export function PhoneThread({ messages, pending, businessName, loading, noNumber }: PhoneThreadProps) {
  const { t } = useTranslation();
  const format = useFormats();
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  const onScroll = () => {
    const el = scroller.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PINNED_SLACK;
  };
  const followBottom = useCallback(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, []);

  const count = messages.length + pending.length;
  const lastId = messages[messages.length - 1]?.id;
  useLayoutEffect(followBottom, [count, lastId, followBottom]);

  let previousDay = '';
  return (
    <div className="phone-thread-scroll" ref={scroller} onScroll={onScroll}>
      <p className="phone-notice">
        <Lock size={12} aria-hidden="true" />
        {t('sandbox.notice')}
      </p>
      {count === 0 && !loading && (
        <p className="phone-empty" data-testid="phone-empty">
          {noNumber ? t('sandbox.enterNumber') : t('sandbox.empty', { business: businessName })}
        </p>
      )}
      <ol className="phone-thread" data-testid="phone-thread" aria-label={t('sandbox.threadLabel')} aria-live="polite">
        {messages.map((message) => {
          const day = format.dayKey(message.created_at);
          const separator = day !== previousDay;
          previousDay = day;
          return (
            <Fragment key={message.id}>
              {separator && (
                <li className="phone-day" aria-hidden="true">
                  <span>{format.dayLabel(message.created_at)}</span>
                </li>
              )}
              <PhoneBubble message={message} time={format.time(message.created_at)} onMediaLoad={followBottom} />
            </Fragment>
          );
        })}
        {pending.map((message) => (
          <PendingBubble key={message.providerMessageId} message={message} />
        ))}
      </ol>
    </div>
  );
}
