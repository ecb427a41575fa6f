import { describe, expect, it } from 'vitest';
import type { ConversationFilter } from '../api/inbox';
import {
  MESSAGE_PAGE_SIZE,
  applyConversationToList,
  conversationMatches,
  flattenMessages,
  lastMessageId,
  mergeMessage,
  upsertMessages,
  windowOpen,
  type ConversationPages,
  type MessagePages,
} from './cache';
import { conversationOf, messageOf } from './testData';

const ids = (data: MessagePages) => flattenMessages(data).map((m) => m.id);
const pages = (...lists: number[][]): MessagePages => ({
  pages: lists.map((list) => ({ items: list.map((id) => messageOf(id)) })),
  pageParams: lists.map(() => null),
});

describe('message cache', () => {
  it('appends new messages and ignores repeats', () => {
    let data = pages([1, 2, 3]);
    data = upsertMessages(data, [messageOf(4)]);
    data = upsertMessages(data, [messageOf(4), messageOf(3)]);
    expect(ids(data)).toEqual([1, 2, 3, 4]);
  });

  it('puts messages that arrive out of order in id order', () => {
    const data = upsertMessages(pages([1, 2]), [messageOf(5), messageOf(3), messageOf(4)]);
    expect(ids(data)).toEqual([1, 2, 3, 4, 5]);
  });

  it('inserts into an older page when that is where the id belongs', () => {
    // Page 0 is the newest page; page 1 older.
    const data = upsertMessages(pages([10, 12], [3, 5]), [messageOf(4), messageOf(11)]);
    expect(data.pages.map((p) => p.items.map((m) => m.id))).toEqual([
      [10, 11, 12],
      [3, 4, 5],
    ]);
  });

  it('leaves a message older than everything loaded to "load older" when more history exists', () => {
    const full = Array.from({ length: MESSAGE_PAGE_SIZE }, (_, i) => 100 + i);
    expect(ids(upsertMessages(pages(full), [messageOf(7)]))).toEqual(full);
    // …but takes it when the oldest message is already loaded.
    expect(ids(upsertMessages(pages([100, 101]), [messageOf(7)]))).toEqual([7, 100, 101]);
  });

  it('starts a page for the first message of an empty conversation', () => {
    expect(ids(upsertMessages(pages([]), [messageOf(1)]))).toEqual([1]);
  });

  it('keeps the same object when nothing changed shape', () => {
    const data = pages([1]);
    expect(upsertMessages(data, [])).toBe(data);
  });

  it('knows the newest loaded id', () => {
    expect(lastMessageId(pages([10, 12], [3, 5]))).toBe(12);
    expect(lastMessageId(undefined)).toBe(0);
  });
});

describe('merging a message update', () => {
  const sent = messageOf(9, {
    direction: 'out',
    status: 'sent',
    author_name: 'Anna',
    status_at: '2026-01-01T10:00:01Z',
  });

  it('moves delivery forward', () => {
    expect(mergeMessage(sent, { ...sent, status: 'read', status_at: '2026-01-01T10:00:05Z' }).status).toBe('read');
  });

  it('never moves delivery backwards (a late "delivered" after "read")', () => {
    const read = { ...sent, status: 'read' as const };
    expect(mergeMessage(read, { ...sent, status: 'delivered' }).status).toBe('read');
    expect(mergeMessage(read, { ...sent, status: 'queued', status_at: null }).status).toBe('read');
  });

  it('does not let a late "created" (queued) undo a failure, but lets a retry requeue it', () => {
    const failed = { ...sent, status: 'failed' as const, error_code: '131047', error_title: 'Re-engagement message' };
    const late = mergeMessage(failed, { ...sent, status: 'queued', status_at: null, error_code: '', error_title: '' });
    expect(late).toMatchObject({ status: 'failed', error_code: '131047' });
    const retried = mergeMessage(failed, { ...sent, status: 'queued', status_at: '2026-01-01T10:05:00Z' });
    expect(retried).toMatchObject({ status: 'queued', error_code: '' });
  });

  it('keeps the author name when an event leaves it out', () => {
    const { author_name: _, ...withoutName } = sent;
    expect(mergeMessage(sent, { ...withoutName, status: 'delivered' }).author_name).toBe('Anna');
  });
});

describe('conversation lists', () => {
  const open: ConversationFilter = { tab: 'all', status: 'open', channelId: null, q: '' };
  const listOf = (...conversations: ReturnType<typeof conversationOf>[]): ConversationPages => ({
    pages: [{ items: conversations, next: null }],
    pageParams: [null],
  });
  const rowIds = (data: ConversationPages) => data.pages.flatMap((p) => p.items.map((c) => c.id));
  const supervisor = { userId: 7, seesAll: true };
  const agent = { userId: 7, seesAll: false };

  it('matches the tab, status and channel filters; a search only the server can judge', () => {
    const c = conversationOf(1, { assignee_id: 7 });
    expect(conversationMatches(c, open, supervisor)).toBe(true);
    expect(conversationMatches(c, { ...open, tab: 'mine' }, supervisor)).toBe(true);
    expect(conversationMatches(c, { ...open, tab: 'mine' }, { userId: 8, seesAll: true })).toBe(false);
    expect(conversationMatches(c, { ...open, tab: 'unassigned' }, supervisor)).toBe(false);
    expect(conversationMatches(c, { ...open, status: 'resolved' }, supervisor)).toBe(false);
    expect(conversationMatches(c, { ...open, status: '' }, supervisor)).toBe(true);
    expect(conversationMatches(c, { ...open, channelId: 2 }, supervisor)).toBe(false);
    expect(conversationMatches(c, { ...open, q: 'erika' }, supervisor)).toBeUndefined();
  });

  it('drops a conversation from an agent’s lists once someone else takes it over', () => {
    const [a, b] = [conversationOf(1), conversationOf(2)];
    const taken = { ...b, assignee_id: 9, assignee_name: 'Bea', updated_at: new Date().toISOString() };
    expect(rowIds(applyConversationToList(listOf(a, b), taken, open, agent).data)).toEqual([1]);
    expect(rowIds(applyConversationToList(listOf(a, b), taken, open, supervisor).data)).toEqual([1, 2]);
    expect(conversationMatches({ ...b, assignee_id: 7 }, open, agent)).toBe(true);
  });

  it('moves a conversation with new activity to the top', () => {
    const [a, b, c] = [conversationOf(1), conversationOf(2), conversationOf(3)];
    const bumped = { ...c, last_message_at: new Date().toISOString(), updated_at: new Date().toISOString() };
    const change = applyConversationToList(listOf(a, b, c), bumped, open, supervisor);
    expect(rowIds(change.data)).toEqual([3, 1, 2]);
    expect(change.refetch).toBe(false);
  });

  it('drops a conversation that no longer matches (resolved while showing open ones)', () => {
    const [a, b] = [conversationOf(1), conversationOf(2)];
    const change = applyConversationToList(listOf(a, b), { ...b, status: 'resolved' }, open, supervisor);
    expect(rowIds(change.data)).toEqual([1]);
  });

  it('adds a new matching conversation in order, and ignores one that does not match', () => {
    const [a, b] = [conversationOf(1), conversationOf(3)];
    const fresh = conversationOf(2);
    expect(rowIds(applyConversationToList(listOf(a, b), fresh, open, supervisor).data)).toEqual([1, 2, 3]);
    const other = applyConversationToList(listOf(a, b), { ...fresh, status: 'pending' }, open, supervisor);
    expect(rowIds(other.data)).toEqual([1, 3]);
  });

  it('does not add a conversation that sorts below the rows loaded so far when more pages exist', () => {
    const data: ConversationPages = { pages: [{ items: [conversationOf(1)], next: 'cursor' }], pageParams: [null] };
    expect(rowIds(applyConversationToList(data, conversationOf(9), open, supervisor).data)).toEqual([1]);
  });

  it('asks for a refetch when a search list may have gained a conversation', () => {
    const change = applyConversationToList(
      listOf(conversationOf(1)),
      conversationOf(2),
      { ...open, q: 'x' },
      supervisor,
    );
    expect(change.refetch).toBe(true);
  });

  it('ignores an update older than the row it has', () => {
    const newer = conversationOf(1, { unread_count: 0, updated_at: '2026-01-01T10:00:05Z' });
    const older = { ...newer, unread_count: 3, updated_at: '2026-01-01T10:00:00Z' };
    const change = applyConversationToList(listOf(newer), older, open, supervisor);
    expect(change.data.pages[0]!.items[0]!.unread_count).toBe(0);
  });

  it('keeps page sizes when re-sorting across pages', () => {
    const data: ConversationPages = {
      pages: [
        { items: [conversationOf(1), conversationOf(2)], next: 'c1' },
        { items: [conversationOf(3), conversationOf(4)], next: null },
      ],
      pageParams: [null, 'c1'],
    };
    const bumped = { ...conversationOf(4), last_message_at: new Date().toISOString() };
    const change = applyConversationToList(data, bumped, open, supervisor);
    expect(change.data.pages.map((p) => p.items.map((c) => c.id))).toEqual([
      [4, 1],
      [2, 3],
    ]);
  });
});

describe('24-hour window', () => {
  it('is open until it expires; SMS has none', () => {
    const now = Date.parse('2026-01-02T10:00:00Z');
    expect(windowOpen({ channel_kind: 'sandbox', window_expires_at: '2026-01-02T11:00:00Z' }, now)).toBe(true);
    expect(windowOpen({ channel_kind: 'whatsapp_cloud', window_expires_at: '2026-01-02T09:59:59Z' }, now)).toBe(false);
    expect(windowOpen({ channel_kind: 'whatsapp_cloud', window_expires_at: null }, now)).toBe(false);
    expect(windowOpen({ channel_kind: 'sms_twilio', window_expires_at: null }, now)).toBe(true);
  });
});
