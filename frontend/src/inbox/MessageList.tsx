import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowDown } from 'lucide-react';
import type { Message } from '../api/inbox';
import { SystemEvent } from '../consent/SystemEvent';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { flattenMessages } from './cache';
import { dayKey, formatDay, useNow } from './format';
import { MessageBubble, type Reaction } from './MessageBubble';
import { useMessages, useRetryMessage } from './queries';

/** How close to the bottom counts as "reading the newest messages". */
const STICK_PX = 120;

/**
 * Splits reactions from the messages they react to: each sender's latest
 * reaction per message counts, and an empty one takes it back.
 */
export function groupReactions(messages: Message[]): { shown: Message[]; reactions: Map<number, Reaction[]> } {
  const latest = new Map<number, Map<string, Message>>();
  const shown: Message[] = [];
  for (const m of messages) {
    if (m.kind !== 'reaction') {
      shown.push(m);
      continue;
    }
    if (m.reply_to_id === null) continue;
    const sender = m.direction === 'in' ? 'contact' : `user-${m.author_id ?? 0}`;
    let bySender = latest.get(m.reply_to_id);
    if (!bySender) latest.set(m.reply_to_id, (bySender = new Map()));
    const prev = bySender.get(sender);
    if (!prev || prev.id < m.id) bySender.set(sender, m);
  }
  const reactions = new Map<number, Reaction[]>();
  for (const [target, bySender] of latest) {
    const list = [...bySender.values()]
      .filter((m) => m.body.trim() !== '')
      .map((m) => ({ emoji: m.body, fromContact: m.direction === 'in' }));
    if (list.length > 0) reactions.set(target, list);
  }
  return { shown, reactions };
}

interface MessageListProps {
  conversationId: number;
  contactName: string;
  onReply: (message: Message) => void;
}

/** The conversation's history, oldest at the top, kept scrolled to the newest. */
export function MessageList({ conversationId, contactName, onReply }: MessageListProps) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  const history = useMessages(conversationId);
  const retry = useRetryMessage(conversationId);
  const scroller = useRef<HTMLDivElement>(null);
  const [showJump, setShowJump] = useState(false);

  const messages = useMemo(() => flattenMessages(history.data), [history.data]);
  const { shown, reactions } = useMemo(() => groupReactions(messages), [messages]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);

  // Scroll: to the bottom on first load and when new messages arrive while
  // the reader is at the bottom; keep the view still when older ones load.
  const layout = useRef({ firstId: 0, lastId: 0, height: 0, atBottom: true });
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const firstId = shown[0]?.id ?? 0;
    const last = shown[shown.length - 1];
    const lastId = last?.id ?? 0;
    const prev = layout.current;
    if (prev.lastId === 0 && lastId !== 0) {
      el.scrollTop = el.scrollHeight;
    } else if (firstId !== prev.firstId && firstId < prev.firstId && lastId === prev.lastId) {
      el.scrollTop += el.scrollHeight - prev.height;
    } else if (lastId !== prev.lastId) {
      if (prev.atBottom || last?.direction === 'out') el.scrollTop = el.scrollHeight;
      else setShowJump(true);
    } else if (prev.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    layout.current = { firstId, lastId, height: el.scrollHeight, atBottom: isAtBottom(el) };
  }, [shown]);

  // Images and players grow once loaded; stay at the bottom if the reader was there.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onLoad = () => {
      if (layout.current.atBottom) el.scrollTop = el.scrollHeight;
      layout.current = { ...layout.current, height: el.scrollHeight };
    };
    el.addEventListener('load', onLoad, true);
    el.addEventListener('loadedmetadata', onLoad, true);
    // The column itself shrinks or grows too (header, banner, composer, window size).
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onLoad);
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      el.removeEventListener('load', onLoad, true);
      el.removeEventListener('loadedmetadata', onLoad, true);
    };
  }, []);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const atBottom = isAtBottom(el);
    layout.current = { ...layout.current, atBottom, height: el.scrollHeight };
    if (atBottom) setShowJump(false);
  }

  function jumpToNewest() {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    setShowJump(false);
  }

  const lng = i18n.resolvedLanguage ?? 'en';
  return (
    <div className="msg-list-wrap">
      <div className="msg-list" ref={scroller} onScroll={onScroll} data-testid="message-list" aria-live="polite">
        {history.hasNextPage && (
          <div className="msg-older">
            <button
              type="button"
              className="button button-small"
              data-testid="load-older"
              disabled={history.isFetchingNextPage}
              onClick={() => void history.fetchNextPage()}
            >
              {history.isFetchingNextPage ? t('app.loading') : t('inbox.loadOlder')}
            </button>
          </div>
        )}
        {history.isPending ? (
          <Spinner />
        ) : history.isError ? (
          <ErrorAlert error={history.error} testId="messages-error" />
        ) : shown.length === 0 ? (
          <p className="msg-list-empty muted">{t('inbox.noMessages')}</p>
        ) : (
          shown.map((message, i) => {
            const newDay = i === 0 || dayKey(shown[i - 1]!.created_at) !== dayKey(message.created_at);
            return (
              <Fragment key={message.id}>
                {newDay && (
                  <div className="msg-day" role="separator">
                    <span>{formatDay(message.created_at, now, lng, t)}</span>
                  </div>
                )}
                {message.kind === 'system' ? (
                  <SystemEvent message={message} />
                ) : (
                  <MessageBubble
                    message={message}
                    quoted={message.reply_to_id !== null ? byId.get(message.reply_to_id) : undefined}
                    reactions={reactions.get(message.id) ?? []}
                    onReply={onReply}
                    onRetry={(m) => retry.mutate(m.id)}
                    retrying={retry.isPending && retry.variables === message.id}
                    contactName={contactName}
                  />
                )}
              </Fragment>
            );
          })
        )}
        {retry.error != null && <ErrorAlert error={retry.error} testId="retry-error" />}
      </div>
      {showJump && (
        <button type="button" className="msg-jump" onClick={jumpToNewest} data-testid="jump-to-newest">
          <ArrowDown size={16} aria-hidden="true" />
          {t('inbox.newMessages')}
        </button>
      )}
    </div>
  );
}

function isAtBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
}
