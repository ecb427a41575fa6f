// Pure functions that fold server data (REST answers and realtime events) into
// the query cache's shapes. Events may repeat and arrive out of order, so
// every function here is idempotent and keyed by id.

import type { InfiniteData } from '@tanstack/react-query';
import type { ConversationDetail, ConversationFilter, ConversationView, Message } from '../api/inbox';
import type { Me, Page } from '../api/types';

/** Messages per page of a conversation's history. */
export const MESSAGE_PAGE_SIZE = 50;

/** One page of messages, ascending by id. Page 0 of the cache is the newest. */
export interface MessagePage {
  items: Message[];
}

export type MessagePages = InfiniteData<MessagePage>;
export type ConversationPages = InfiniteData<Page<ConversationView>>;

/** The id to load older messages before, or undefined when the oldest is loaded. */
export function olderPageParam(lastPage: MessagePage): number | undefined {
  return lastPage.items.length >= MESSAGE_PAGE_SIZE ? lastPage.items[0]?.id : undefined;
}

/** Delivery progress; a late event must not move a message backwards on it. */
const STATUS_RANK: Partial<Record<Message['status'], number>> = { queued: 1, sent: 2, delivered: 3, read: 4 };

/** Combines what is cached with a newer copy of the same message from an event or answer. */
export function mergeMessage(cached: Message, incoming: Message): Message {
  const merged: Message = { ...incoming, author_name: incoming.author_name ?? cached.author_name };
  const before = STATUS_RANK[cached.status];
  const after = STATUS_RANK[incoming.status];
  const backwards =
    (before !== undefined && after !== undefined && after < before) ||
    // A late "created" event (queued, never updated) after the message moved on, e.g. failed.
    (incoming.status === 'queued' && !incoming.status_at && !!cached.status_at);
  if (backwards) {
    merged.status = cached.status;
    merged.status_at = cached.status_at;
    merged.error_code = cached.error_code;
    merged.error_title = cached.error_title;
  }
  return merged;
}

function insertSorted(items: Message[], message: Message): Message[] {
  const out = items.slice();
  let i = out.length;
  while (i > 0 && out[i - 1]!.id > message.id) i--;
  out.splice(i, 0, message);
  return out;
}

/**
 * Puts messages into the cached pages: replaces those already there, inserts
 * new ones in id order into the page they belong to. A message older than
 * everything loaded is left for "load older" to fetch.
 */
export function upsertMessages(data: MessagePages, messages: Message[]): MessagePages {
  let pages = data.pages;
  for (const message of messages) {
    pages = upsertOne(pages, message);
  }
  return pages === data.pages ? data : { ...data, pages };
}

function upsertOne(pages: MessagePage[], message: Message): MessagePage[] {
  for (let p = 0; p < pages.length; p++) {
    const items = pages[p]!.items;
    const i = items.findIndex((m) => m.id === message.id);
    if (i >= 0) {
      const next = items.slice();
      next[i] = mergeMessage(items[i]!, message);
      return replacePage(pages, p, next);
    }
  }
  // Page 0 holds the newest messages; later pages older ones.
  for (let p = 0; p < pages.length; p++) {
    const items = pages[p]!.items;
    const first = items[0];
    if (!first || first.id < message.id) return replacePage(pages, p, insertSorted(items, message));
  }
  const last = pages[pages.length - 1];
  if (pages.length === 0 || !last) return [{ items: [message] }];
  if (olderPageParam(last) === undefined) {
    return replacePage(pages, pages.length - 1, insertSorted(last.items, message));
  }
  return pages;
}

function replacePage(pages: MessagePage[], index: number, items: Message[]): MessagePage[] {
  const out = pages.slice();
  out[index] = { ...pages[index], items };
  return out;
}

/** All loaded messages, oldest first. */
export function flattenMessages(data: MessagePages | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  for (let p = data.pages.length - 1; p >= 0; p--) out.push(...data.pages[p]!.items);
  return out;
}

/** The highest message id loaded, to ask for what came after it. */
export function lastMessageId(data: MessagePages | undefined): number {
  let max = 0;
  for (const page of data?.pages ?? []) {
    for (const m of page.items) max = Math.max(max, m.id);
  }
  return max;
}

/**
 * Who looks at the lists. Agents see only conversations assigned to them and
 * unassigned ones (of their queues); other roles see every conversation.
 */
export interface InboxViewer {
  userId: number;
  seesAll: boolean;
}

export function viewerOf(me: Pick<Me, 'user' | 'role'>): InboxViewer {
  return { userId: me.user.id, seesAll: me.role !== 'agent' };
}

/**
 * Whether a conversation belongs in a list with this filter: true or false,
 * or undefined when only the server can tell (a search term).
 */
export function conversationMatches(
  conversation: ConversationView,
  filter: ConversationFilter,
  viewer: InboxViewer,
): boolean | undefined {
  // Taken over by someone else: no longer among an agent's conversations.
  if (!viewer.seesAll && conversation.assignee_id !== null && conversation.assignee_id !== viewer.userId) return false;
  if (filter.status && conversation.status !== filter.status) return false;
  if (filter.channelId && conversation.channel_id !== filter.channelId) return false;
  if (filter.labelId && !conversation.labels?.some((l) => l.id === filter.labelId)) return false;
  if (filter.queueId && conversation.queue_id !== filter.queueId) return false;
  if (filter.assigneeId && conversation.assignee_id !== filter.assigneeId) return false;
  if (filter.tab === 'mine' && conversation.assignee_id !== viewer.userId) return false;
  if (filter.tab === 'unassigned' && conversation.assignee_id !== null) return false;
  if (filter.q.trim()) return undefined;
  return true;
}

/** Newest activity first, as the server orders: (last_message_at, id) descending. */
export function compareConversations(a: ConversationView, b: ConversationView): number {
  const ta = Date.parse(a.last_message_at);
  const tb = Date.parse(b.last_message_at);
  if (ta !== tb) return tb - ta;
  return b.id - a.id;
}

export interface ListChange {
  data: ConversationPages;
  /** The list may now miss this conversation and has to be fetched again. */
  refetch: boolean;
}

/**
 * Applies a conversation's new state to one cached list: replaced and
 * re-sorted when present, removed when it no longer matches the filter,
 * added when it matches and falls within the loaded rows.
 */
export function applyConversationToList(
  data: ConversationPages,
  conversation: ConversationView,
  filter: ConversationFilter,
  viewer: InboxViewer,
): ListChange {
  const matches = conversationMatches(conversation, filter, viewer);
  const all = data.pages.flatMap((page) => page.items);
  const cached = all.find((c) => c.id === conversation.id);
  const present = cached !== undefined;
  if (cached && isOlder(conversation, cached)) return { data, refetch: false };
  if (!present && matches === undefined) return { data, refetch: true };
  if (!present && matches === false) return { data, refetch: false };

  let rows = all.filter((c) => c.id !== conversation.id);
  if (matches !== false) {
    const hasMore = data.pages[data.pages.length - 1]?.next != null;
    const oldest = rows[rows.length - 1];
    const withinLoaded = !hasMore || !oldest || compareConversations(conversation, oldest) <= 0;
    if (withinLoaded) rows = [...rows, conversation].sort(compareConversations);
  }
  return { data: { ...data, pages: resplit(data.pages, rows) }, refetch: false };
}

/** Lays rows out over pages of the same sizes as before (the last page takes the rest). */
function resplit(pages: Page<ConversationView>[], rows: ConversationView[]): Page<ConversationView>[] {
  let offset = 0;
  return pages.map((page, i) => {
    const size = i === pages.length - 1 ? rows.length - offset : Math.min(page.items.length, rows.length - offset);
    const items = rows.slice(offset, offset + Math.max(0, size));
    offset += items.length;
    return { ...page, items };
  });
}

/** Replaces the conversation inside a list, if it is there (no reordering). */
export function replaceInList(data: ConversationPages, conversation: ConversationView): ConversationPages {
  let changed = false;
  const pages = data.pages.map((page) => {
    const cached = page.items.find((c) => c.id === conversation.id);
    if (!cached || isOlder(conversation, cached)) return page;
    changed = true;
    return { ...page, items: page.items.map((c) => (c.id === conversation.id ? conversation : c)) };
  });
  return changed ? { ...data, pages } : data;
}

/** Whether free text may be sent now: SMS always, WhatsApp within 24 h of the contact's last message. */
export function windowOpen(
  conversation: Pick<ConversationView, 'channel_kind' | 'window_expires_at'>,
  now = Date.now(),
) {
  if (conversation.channel_kind === 'sms_twilio') return true;
  return !!conversation.window_expires_at && Date.parse(conversation.window_expires_at) > now;
}

/** Updates may arrive out of order; an older state must not replace a newer one. */
function isOlder(incoming: ConversationView, cached: ConversationView): boolean {
  return Date.parse(incoming.updated_at) < Date.parse(cached.updated_at);
}

/** A conversation event's view, merged into the cached detail. */
export function mergeDetail(cached: ConversationDetail, view: ConversationView): ConversationDetail {
  if (isOlder(view, cached)) return cached;
  return { ...cached, ...view, window_open: windowOpen(view) };
}
