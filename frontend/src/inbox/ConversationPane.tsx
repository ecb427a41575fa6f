import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Clock, TriangleAlert } from 'lucide-react';
import type { ConversationDetail, Message } from '../api/inbox';
import type { ID } from '../api/types';
import { useRealtimeSend, useRealtimeStatus, useTypingUsers } from '../realtime/RealtimeProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { windowOpen } from './cache';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { contactLabel, formatRemaining, useNow } from './format';
import { MessageList } from './MessageList';
import { useConversation, useMarkRead } from './queries';

/** How often the open conversation is announced to other agents ("viewing"). */
export const VIEWING_INTERVAL_MS = 15_000;
/** Below this, the window banner warns. */
const WINDOW_WARN_MS = 2 * 60 * 60_000;

interface ConversationPaneProps {
  conversationId: ID;
  panelOpen: boolean;
  onTogglePanel: () => void;
}

/** The middle column: header, history, the 24-hour window and the composer. */
export function ConversationPane({ conversationId, panelOpen, onTogglePanel }: ConversationPaneProps) {
  const conversation = useConversation(conversationId);
  const [replyTo, setReplyTo] = useState<Message | null>(null);

  useEffect(() => setReplyTo(null), [conversationId]);
  useMarkReadWhileOpen(conversation.data);
  useAnnounceViewing(conversationId);

  if (conversation.isPending) return <Spinner />;
  if (conversation.isError) {
    return (
      <div className="conv-pane-message">
        <ErrorAlert error={conversation.error} testId="conversation-error" />
      </div>
    );
  }
  const data = conversation.data;
  const contactName = contactLabel(data.contact);
  return (
    <div className="conv-pane" data-testid="conversation-view" data-conversation-id={data.id}>
      <ConversationHeader conversation={data} panelOpen={panelOpen} onTogglePanel={onTogglePanel} />
      <WindowBanner conversation={data} />
      <MessageList key={data.id} conversationId={data.id} contactName={contactName} onReply={setReplyTo} />
      <TypingIndicator conversationId={data.id} />
      <Composer
        conversationId={data.id}
        windowOpen={windowOpen(data)}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        contactName={contactName}
        channelKind={data.channel_kind}
      />
    </div>
  );
}

/** Shows how long free-form messages may still be sent (WhatsApp's 24-hour window). */
function WindowBanner({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  if (conversation.channel_kind === 'sms_twilio') return null;
  const expires = conversation.window_expires_at ? Date.parse(conversation.window_expires_at) : 0;
  if (!windowOpen(conversation, now)) {
    return (
      <div className="window-banner window-closed" data-testid="window-banner" data-state="closed" role="status">
        <TriangleAlert size={15} aria-hidden="true" />
        <span>{t('inbox.window.closed')}</span>
      </div>
    );
  }
  const left = expires - now;
  return (
    <div
      className={left < WINDOW_WARN_MS ? 'window-banner window-soon' : 'window-banner'}
      data-testid="window-banner"
      data-state="open"
    >
      <Clock size={14} aria-hidden="true" />
      <span>{t('inbox.window.open', { time: formatRemaining(left, t) })}</span>
    </div>
  );
}

function TypingIndicator({ conversationId }: { conversationId: ID }) {
  const { t } = useTranslation();
  const typing = useTypingUsers(conversationId);
  return (
    <div className="typing-indicator" data-testid="typing-indicator" aria-live="polite">
      {typing.length > 0 && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {t('inbox.typing', { names: typing.map((u) => u.user_name).join(', '), count: typing.length })}
        </>
      )}
    </div>
  );
}

/**
 * Opening a conversation marks it read, and so does any unread message
 * arriving while it is open and the tab is visible.
 */
function useMarkReadWhileOpen(conversation: ConversationDetail | undefined) {
  const markRead = useMarkRead();
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const sent = useRef<{ id: ID; updatedAt: string } | null>(null);

  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  const id = conversation?.id;
  const unread = conversation?.unread_count ?? 0;
  const updatedAt = conversation?.updated_at ?? '';
  const { mutate } = markRead;
  useEffect(() => {
    if (id === undefined || !visible) return;
    const first = sent.current?.id !== id;
    if (!first && (unread === 0 || sent.current?.updatedAt === updatedAt)) return;
    sent.current = { id, updatedAt };
    mutate(id);
  }, [id, unread, updatedAt, visible, mutate]);
}

/** Tells other agents this conversation is open here, now and every 15 s (and after reconnects). */
function useAnnounceViewing(conversationId: ID) {
  const send = useRealtimeSend();
  const status = useRealtimeStatus();
  const sendRef = useRef(send);
  sendRef.current = send;
  useEffect(() => {
    if (status !== 'open') return;
    const announce = () => {
      if (document.visibilityState === 'visible') sendRef.current({ type: 'viewing', conversation_id: conversationId });
    };
    announce();
    const timer = setInterval(announce, VIEWING_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [conversationId, status]);
}
