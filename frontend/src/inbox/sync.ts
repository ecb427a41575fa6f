// Keeps the inbox's cached server state current from realtime events.
//
// Events are folded into the query cache by id, so repeats and out-of-order
// delivery are harmless. A fetch that was already under way when an event
// arrived answers with a snapshot that may predate the event and would
// overwrite it; so recent events are kept in a short journal and applied
// again on top of every fetched answer. After the socket (re)opens, what was
// fetched before it came up is fetched again.

import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import { MAX_MESSAGE_PAGE, inboxApi, type ConversationView, type Message } from '../api/inbox';
import type { ID } from '../api/types';
import type { ServerEvent } from '../realtime/connection';
import { lastMessageId, type InboxViewer, type MessagePages } from './cache';
import { applyConversation, applyMessages, inboxKeys } from './queries';

/** How long events are kept to re-apply over fetched answers. */
export const JOURNAL_MS = 2 * 60_000;
const JOURNAL_MAX = 500;

interface Entry<T> {
  at: number;
  value: T;
}

export class InboxSync {
  private messages: Entry<Message>[] = [];
  private conversations: Entry<ConversationView>[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly viewer: InboxViewer,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = queryClient.getQueryCache().subscribe((event) => this.onCacheEvent(event));
  }

  dispose() {
    this.unsubscribe();
  }

  /** Folds one server event into the cache; other event types are ignored. */
  handle(event: ServerEvent): void {
    switch (event.type) {
      case 'message.created':
      case 'message.updated': {
        const message = event.data as Message;
        if (!message || typeof message.id !== 'number') return;
        this.remember(this.messages, message);
        applyMessages(this.queryClient, message.conversation_id, [message]);
        return;
      }
      case 'conversation.created':
      case 'conversation.updated': {
        const view = event.data as ConversationView;
        if (!view || typeof view.id !== 'number') return;
        this.remember(this.conversations, view);
        applyConversation(this.queryClient, view, this.viewer);
        return;
      }
      case 'resync':
        void this.queryClient.invalidateQueries({ queryKey: inboxKeys.all });
        return;
    }
  }

  /**
   * The socket (re)opened at openedAt: events sent before were not pushed to
   * this tab. Open conversations get what came after their newest loaded
   * message at once; everything fetched before openedAt is fetched again.
   */
  async catchUp(openedAt: number): Promise<void> {
    const stale = this.queryClient
      .getQueryCache()
      .findAll({ queryKey: inboxKeys.all })
      .filter((q) => q.state.dataUpdatedAt < openedAt || q.state.fetchStatus === 'fetching');
    const staleHashes = new Set(stale.map((q) => q.queryHash));

    const openHistories = stale.filter(
      (q) => q.queryKey[1] === 'messages' && q.state.data && q.getObserversCount() > 0,
    );
    await Promise.all(
      openHistories.map(async (query) => {
        const conversationId = query.queryKey[2] as ID;
        let after = lastMessageId(query.state.data as MessagePages);
        // Page through the gap: the server answers at most MAX_MESSAGE_PAGE at a time.
        for (;;) {
          const { items } = await inboxApi.listMessages(conversationId, { after, limit: MAX_MESSAGE_PAGE });
          applyMessages(this.queryClient, conversationId, items);
          if (items.length < MAX_MESSAGE_PAGE || items.length === 0) break;
          after = items[items.length - 1]!.id;
        }
      }),
    ).catch(() => {
      // The refetch below tries again.
    });
    await this.queryClient.invalidateQueries({
      queryKey: inboxKeys.all,
      predicate: (q) => staleHashes.has(q.queryHash),
    });
  }

  private remember<T>(journal: Entry<T>[], value: T) {
    const now = this.now();
    journal.push({ at: now, value });
    while (journal.length > JOURNAL_MAX || (journal[0] && journal[0].at < now - JOURNAL_MS)) journal.shift();
  }

  /** A fetch answered: put the journal's events back on top of its snapshot. */
  private onCacheEvent(event: QueryCacheNotifyEvent) {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.action.manual) return;
    const key = event.query.queryKey;
    if (key[0] !== 'inbox') return;
    const since = this.now() - JOURNAL_MS;
    if (key[1] === 'messages') {
      const id = key[2] as ID;
      const replay = this.messages.filter((e) => e.at >= since && e.value.conversation_id === id).map((e) => e.value);
      applyMessages(this.queryClient, id, replay);
    } else if (key[1] === 'conversations' || key[1] === 'conversation' || key[1] === 'contact') {
      for (const entry of this.conversations) {
        if (entry.at >= since) applyConversation(this.queryClient, entry.value, this.viewer, { refetch: false });
      }
    }
  }
}
