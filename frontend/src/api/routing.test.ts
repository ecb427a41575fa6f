import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse } from '../test/render';
import { ApiError } from './client';
import { routingApi } from './routing';

type Call = [RequestInfo | URL, RequestInit?];

function mockFetch(...responses: Response[]) {
  const fn = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(responses.shift() ?? jsonResponse({})),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

function sent(call: Call | undefined) {
  const [url, init] = call!;
  return {
    url: String(url),
    method: init?.method,
    body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    csrf: (init?.headers as Record<string, string> | undefined)?.['X-CSRF-Token'],
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('routing api', () => {
  it('lists queues and unwraps the items', async () => {
    const queue = { id: 1, name: 'Support', mode: 'auto', business_hours: null, members: [] };
    const fetchMock = mockFetch(jsonResponse({ items: [queue] }));
    expect(await routingApi.listQueues()).toEqual([queue]);
    expect(sent(fetchMock.mock.calls[0]).url).toBe('/api/queues');
  });

  it('creates and changes queues with the CSRF header', async () => {
    document.cookie = 'csrf_token=tok';
    const fetchMock = mockFetch(jsonResponse({ id: 2 }, 201), jsonResponse({ id: 2 }));
    await routingApi.createQueue({
      name: 'Sales',
      mode: 'manual',
      business_hours: { timezone: 'Europe/Vienna', days: { mon: [['09:00', '17:00']] } },
      out_of_hours_reply: 'Closed',
    });
    await routingApi.updateQueue(2, { clear_business_hours: true });
    expect(sent(fetchMock.mock.calls[0])).toEqual({
      url: '/api/queues',
      method: 'POST',
      body: {
        name: 'Sales',
        mode: 'manual',
        business_hours: { timezone: 'Europe/Vienna', days: { mon: [['09:00', '17:00']] } },
        out_of_hours_reply: 'Closed',
      },
      csrf: 'tok',
    });
    expect(sent(fetchMock.mock.calls[1])).toMatchObject({
      url: '/api/queues/2',
      method: 'PATCH',
      body: { clear_business_hours: true },
    });
  });

  it('replaces members and deletes queues', async () => {
    const fetchMock = mockFetch(jsonResponse({ id: 2, members: [] }), new Response(null, { status: 204 }));
    await routingApi.setMembers(2, [{ user_id: 7, capacity: 5 }]);
    await routingApi.deleteQueue(2);
    expect(sent(fetchMock.mock.calls[0])).toMatchObject({
      url: '/api/queues/2/members',
      method: 'PUT',
      body: { members: [{ user_id: 7, capacity: 5 }] },
    });
    expect(sent(fetchMock.mock.calls[1])).toMatchObject({ url: '/api/queues/2', method: 'DELETE' });
  });

  it('routes a sender to a queue, an extension or nowhere', async () => {
    const fetchMock = mockFetch(jsonResponse({}), jsonResponse({}), jsonResponse({}));
    await routingApi.setSenderRoute(4, { queue_id: 1 });
    await routingApi.setSenderRoute(4, { user_id: 9 });
    await routingApi.setSenderRoute(4, {});
    expect(fetchMock.mock.calls.map((c) => sent(c))).toMatchObject([
      { url: '/api/senders/4/route', method: 'PUT', body: { queue_id: 1 } },
      { url: '/api/senders/4/route', method: 'PUT', body: { user_id: 9 } },
      { url: '/api/senders/4/route', method: 'PUT', body: {} },
    ]);
  });

  it('sets the own presence and reads everyone’s', async () => {
    const fetchMock = mockFetch(
      jsonResponse({ user_id: 1, name: 'Ada', status: 'busy' }),
      jsonResponse({ items: [{ user_id: 1, name: 'Ada', status: 'busy' }] }),
    );
    expect(await routingApi.setMyPresence('busy')).toEqual({ user_id: 1, name: 'Ada', status: 'busy' });
    expect(await routingApi.listPresence()).toHaveLength(1);
    expect(sent(fetchMock.mock.calls[0])).toMatchObject({
      url: '/api/presence/me',
      method: 'PUT',
      body: { status: 'busy' },
    });
    expect(sent(fetchMock.mock.calls[1]).url).toBe('/api/presence');
  });

  it('lists the console’s conversations by queue and agent, leaving out empty filters', async () => {
    const fetchMock = mockFetch(jsonResponse({ items: [], next: null }), jsonResponse({ items: [], next: null }));
    await routingApi.listConversations({ tab: 'waiting' });
    await routingApi.listConversations({ tab: 'all', queueId: 3, assigneeId: 8, status: 'open' }, 50);
    expect(sent(fetchMock.mock.calls[0]).url).toBe('/api/conversations?tab=waiting&limit=100');
    expect(sent(fetchMock.mock.calls[1]).url).toBe(
      '/api/conversations?tab=all&queue_id=3&assignee_id=8&status=open&limit=50',
    );
  });

  it('assigns, transfers with a note, claims and reads the history', async () => {
    const fetchMock = mockFetch(
      jsonResponse({ id: 5 }),
      jsonResponse({ id: 5 }),
      jsonResponse({ id: 5 }),
      jsonResponse({ items: [{ id: 1, kind: 'queued' }] }),
    );
    await routingApi.assign(5, 9);
    await routingApi.transfer(5, { user_id: 9, note: 'VIP' });
    await routingApi.claim(5);
    expect(await routingApi.history(5)).toEqual([{ id: 1, kind: 'queued' }]);
    expect(fetchMock.mock.calls.map((c) => sent(c))).toMatchObject([
      { url: '/api/conversations/5', method: 'PATCH', body: { assignee_id: 9 } },
      { url: '/api/conversations/5/transfer', method: 'POST', body: { user_id: 9, note: 'VIP' } },
      { url: '/api/conversations/5/claim', method: 'POST', body: undefined },
      { url: '/api/conversations/5/history', method: 'GET' },
    ]);
  });

  it('reports a lost claim as a 409 ApiError', async () => {
    mockFetch(errorResponse(409, 'conflict', 'someone else took this conversation already'));
    const err = await routingApi.claim(5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('reads the overview', async () => {
    const overview = { queues: [], agents: [] };
    const fetchMock = mockFetch(jsonResponse(overview));
    expect(await routingApi.overview()).toEqual(overview);
    expect(sent(fetchMock.mock.calls[0]).url).toBe('/api/routing/overview');
  });
});
