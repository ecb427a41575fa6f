import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ConversationView, Message } from '../api/inbox';
import type { ID } from '../api/types';
import { useSession } from '../auth/session';
import { usePresenceStore, useRealtimeEvent, useRealtimeOpen } from '../realtime/RealtimeProvider';
import { alertSettings, playChime, showDesktopNotification } from './alerts';
import { viewerOf, type ConversationPages } from './cache';
import { contactLabel, messageSummary } from './format';
import { inboxKeys } from './queries';
import { InboxSync } from './sync';

/** The conversation id in an /inbox/:id address, else null. */
export function openConversationId(pathname: string): ID | null {
  const match = /^\/inbox\/(\d+)/.exec(pathname);
  return match ? Number(match[1]) : null;
}

function cachedConversation(queryClient: QueryClient, id: ID): ConversationView | undefined {
  const detail = queryClient.getQueryData<ConversationView>(inboxKeys.conversation(id));
  if (detail) return detail;
  for (const [, data] of queryClient.getQueriesData<ConversationPages>({ queryKey: inboxKeys.lists })) {
    const found = data?.pages.flatMap((p) => p.items).find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The inbox's background work for the whole signed-in app: folds realtime
 * events into the cache, catches up after reconnects, and alerts the agent
 * to inbound messages they are not looking at.
 */
export function InboxLive() {
  const queryClient = useQueryClient();
  const me = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const presence = usePresenceStore();
  const [sync, setSync] = useState<InboxSync | null>(null);
  const openId = useRef<ID | null>(null);
  const alerted = useRef(new Set<ID>());

  openId.current = openConversationId(pathname);

  useEffect(() => {
    const s = new InboxSync(queryClient, viewerOf(me));
    setSync(s);
    return () => s.dispose();
  }, [queryClient, me]);

  useRealtimeEvent((event) => {
    sync?.handle(event);
    if (event.type !== 'message.created') return;
    const message = event.data as Message;
    if (message.direction === 'out') {
      if (message.author_id) presence?.stoppedTyping(message.conversation_id, message.author_id);
      return;
    }
    // A keyword (STOP, START NEWS) is handled by the desk itself: nobody is alerted.
    if (isKeywordMessage(message)) return;
    const looking = document.visibilityState === 'visible' && openId.current === message.conversation_id;
    if (looking || alerted.current.has(message.id)) return;
    alerted.current.add(message.id);
    if (alerted.current.size > 200) alerted.current.delete(alerted.current.values().next().value!);

    const settings = alertSettings();
    if (settings.sound) playChime();
    if (settings.desktop) {
      const conversation = cachedConversation(queryClient, message.conversation_id);
      const title = conversation ? contactLabel(conversation.contact) : t('inbox.notifications.newMessage');
      showDesktopNotification(title, messageSummary(message, t), `conversation-${message.conversation_id}`, () =>
        navigate(`/inbox/${message.conversation_id}`),
      );
    }
  });

  useRealtimeOpen((info) => {
    void sync?.catchUp(info.openedAt);
  });

  return null;
}

function isKeywordMessage(message: Message): boolean {
  const extra = message.extra as { keyword?: unknown } | null | undefined;
  return typeof extra === 'object' && extra !== null && typeof extra.keyword === 'string';
}
