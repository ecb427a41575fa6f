import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationFilter } from '../api/inbox';
import { fakeApi } from '../test/fakeApi';
import { jsonResponse } from '../test/render';
import { flattenMessages, olderPageParam, type ConversationPages, type MessagePages } from './cache';
import { inboxKeys } from './queries';
import { InboxSync } from './sync';
import { conversationOf, messageOf } from './testData';

afterEach(() => vi.unstubAllGlobals());

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const filter: ConversationFilter = { tab: 'all', status: 'open', channelId: null, q: '' };

describe('inbox sync', () => {
  it('puts back an event that arrived while the history was being fetched', async () => {
    const queryClient = new QueryClient();
    const sync = new InboxSync(queryClient, { userId: 7, seesAll: true });
    const answer = deferred<{ items: ReturnType<typeof messageOf>[] }>();
    const fetching = queryClient.fetchInfiniteQuery({
      queryKey: inboxKeys.messages(1),
      queryFn: () => answer.promise,
      initialPageParam: null as number | null,
      getNextPageParam: olderPageParam,
    });
    // The event is newer than the snapshot the server is about to answer with.
    sync.handle({ type: 'message.created', seq: 9, data: messageOf(3) });
    answer.resolve({ items: [messageOf(1), messageOf(2)] });
    await fetching;
    const data = queryClient.getQueryData<MessagePages>(inboxKeys.messages(1));
    expect(flattenMessages(data).map((m) => m.id)).toEqual([1, 2, 3]);
    sync.dispose();
  });

  it('puts back a conversation event that arrived while a list was being fetched', async () => {
    const queryClient = new QueryClient();
    const sync = new InboxSync(queryClient, { userId: 7, seesAll: true });
    const answer = deferred<{ items: ReturnType<typeof conversationOf>[]; next: null }>();
    const fetching = queryClient.fetchInfiniteQuery({
      queryKey: inboxKeys.list(filter),
      queryFn: () => answer.promise,
      initialPageParam: null as string | null,
      getNextPageParam: () => undefined,
    });
    const fresh = conversationOf(1, {
      last_message_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    });
    sync.handle({ type: 'conversation.created', seq: 3, data: fresh });
    answer.resolve({ items: [conversationOf(2)], next: null });
    await fetching;
    const data = queryClient.getQueryData<ConversationPages>(inboxKeys.list(filter));
    expect(data?.pages[0]?.items.map((c) => c.id)).toEqual([1, 2]);
    sync.dispose();
  });

  it('after a reconnect fetches what came after the newest loaded message, then refetches the rest', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const sync = new InboxSync(queryClient, { userId: 7, seesAll: true });
    const requests: string[] = [];
    let stored = [messageOf(1), messageOf(2)];
    let listCalls = 0;
    fakeApi({
      'GET /api/conversations/1/messages': (_body, url) => {
        requests.push(url.search);
        const after = Number(url.searchParams.get('after') ?? 0);
        return jsonResponse({ items: stored.filter((m) => m.id > after) });
      },
      'GET /api/conversations': () => {
        listCalls++;
        return jsonResponse({ items: [], next: null });
      },
    });
    const observer = new InfiniteQueryObserver(queryClient, {
      queryKey: inboxKeys.messages(1),
      queryFn: () => fetch('/api/conversations/1/messages').then((r) => r.json()),
      initialPageParam: null as number | null,
      getNextPageParam: olderPageParam,
    });
    const unsubscribe = observer.subscribe(() => {});
    await vi.waitFor(() => expect(observer.getCurrentResult().isSuccess).toBe(true));
    await queryClient.fetchInfiniteQuery({
      queryKey: inboxKeys.list(filter),
      queryFn: () => fetch('/api/conversations').then((r) => r.json()),
      initialPageParam: null as string | null,
      getNextPageParam: () => undefined,
    });
    const listCallsBefore = listCalls;

    // Three messages arrive while the socket is down.
    stored = [...stored, messageOf(3), messageOf(4), messageOf(5)];
    await sync.catchUp(Date.now() + 1);

    expect(requests).toContain('?after=2&limit=200');
    const data = queryClient.getQueryData<MessagePages>(inboxKeys.messages(1));
    expect(flattenMessages(data).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    // The list is not on screen: it is marked stale and fetched when shown again.
    expect(queryClient.getQueryState(inboxKeys.list(filter))?.isInvalidated).toBe(true);
    expect(listCalls).toBe(listCallsBefore);
    unsubscribe();
    sync.dispose();
  });

  it('refetches everything on "resync"', async () => {
    const queryClient = new QueryClient();
    const sync = new InboxSync(queryClient, { userId: 7, seesAll: true });
    queryClient.setQueryData(inboxKeys.conversation(1), conversationOf(1));
    sync.handle({ type: 'resync', data: {} });
    expect(queryClient.getQueryState(inboxKeys.conversation(1))?.isInvalidated).toBe(true);
    sync.dispose();
  });
});
