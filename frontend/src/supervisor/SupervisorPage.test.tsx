import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoutedConversation, RoutingOverview } from '../api/routing';
import { App } from '../app/App';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { ADMIN_PERMISSIONS, AGENT_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';

const SUPERVISOR = meOf('supervisor', [
  ...ADMIN_PERMISSIONS,
  'conversations:supervise',
  'conversations:assign',
  'queues:read',
  'queues:write',
  'presence:write',
]);

function overviewOf(openA: number, waiting: number): RoutingOverview {
  return {
    queues: [
      {
        id: 1,
        name: 'Support',
        mode: 'auto',
        waiting,
        oldest_waiting_since: waiting ? '2026-01-01T10:00:00Z' : null,
        longest_wait_seconds: waiting ? 125 : 0,
        open_now: true,
        members: [2, 3],
      },
    ],
    agents: [
      { user_id: 2, name: 'Alex Agent', role: 'agent', status: 'online', open: openA, capacity: 5, queues: [1] },
      { user_id: 3, name: 'Bea Berger', role: 'agent', status: 'busy', open: 5, capacity: 5, queues: [1] },
    ],
  };
}

const waitingConversation = {
  id: 40,
  contact: { id: 9, name: 'Erika Muster', whatsapp_number: '+4915111110001', sms_number: null },
  channel_name: 'Sandbox',
  channel_kind: 'sandbox',
  queue_id: 1,
  assignee_id: null,
  assignee_name: null,
  status: 'open',
  last_message_at: '2026-01-01T10:00:00Z',
  last_message_preview: 'Hallo',
  queued_at: '2026-01-01T10:00:00Z',
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  labels: [],
} as unknown as RoutedConversation;

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

function backend() {
  const state = { overview: overviewOf(1, 1), waiting: [waitingConversation], patches: [] as unknown[] };
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(SUPERVISOR),
    'GET /api/routing/overview': () => jsonResponse(state.overview),
    'GET /api/presence': () => jsonResponse({ items: [{ user_id: 1, name: 'Sam', status: 'online' }] }),
    'GET /api/conversations': (_body, url) =>
      jsonResponse({ items: url.searchParams.get('tab') === 'waiting' ? state.waiting : [], next: null }),
    'PATCH /api/conversations/40': (body) => {
      state.patches.push(body);
      return jsonResponse({ ...waitingConversation, assignee_id: 2, assignee_name: 'Alex Agent' });
    },
  });
  return { state, fetchMock };
}

describe('supervisor console', () => {
  it('shows queues and agents with their load, and follows changes live', async () => {
    const { state, fetchMock } = backend();
    renderWithApp(<App />, { route: '/supervisor' });

    const queue = await screen.findByTestId('console-queue');
    expect(within(queue).getByTestId('console-queue-waiting')).toHaveTextContent('1');
    expect(within(queue).getByTestId('console-queue-wait')).toHaveTextContent('2:05');
    expect(within(queue).getByTestId('console-queue-open')).toHaveTextContent('Open now');
    const [alex, bea] = screen.getAllByTestId('console-agent');
    expect(within(alex!).getByTestId('console-agent-load')).toHaveTextContent('1 / 5');
    expect(within(bea!).getByTestId('console-agent-presence')).toHaveAttribute('data-status', 'busy');
    expect(within(bea!).getByRole('meter')).toHaveAttribute('aria-valuenow', '5');
    expect(await screen.findByTestId('console-waiting')).toHaveTextContent('Erika Muster');

    // A conversation event: the overview is fetched again (once for a burst).
    await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
    const socket = FakeWebSocket.latest();
    act(() => socket.accept());
    const overviewCalls = () =>
      fetchMock.mock.calls.filter(([input]) => String(input).startsWith('/api/routing/overview')).length;
    await waitFor(() => expect(overviewCalls()).toBe(2)); // the catch-up after the socket opened
    state.overview = overviewOf(2, 0);
    state.waiting = [];
    act(() => {
      socket.push({ type: 'conversation.updated', data: { ...waitingConversation, assignee_id: 2 } });
      socket.push({ type: 'presence', data: { conversation_id: 40, user_id: 3, user_name: 'Bea', state: 'viewing' } });
      socket.push({ type: 'presence', data: { user_id: 3, user_name: 'Bea', status: 'online' } });
    });
    await waitFor(() => expect(within(alex!).getByTestId('console-agent-load')).toHaveTextContent('2 / 5'));
    expect(overviewCalls()).toBe(3);
    expect(await screen.findByTestId('console-waiting-empty')).toBeInTheDocument();
    expect(within(queue).getByTestId('console-queue-wait')).toHaveTextContent('–');
  });

  it('assigns a waiting conversation to the agent picked for it', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/supervisor' });
    const waiting = await screen.findByTestId('console-waiting');
    await userEvent.setup().selectOptions(within(waiting).getByTestId('assign-select'), '2');
    await waitFor(() => expect(state.patches).toEqual([{ assignee_id: 2 }]));
  });

  it('is not offered to agents', async () => {
    fakeApi({ 'GET /api/me': () => jsonResponse(meOf('agent', AGENT_PERMISSIONS)) });
    renderWithApp(<App />, { route: '/supervisor' });
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-supervisor')).not.toBeInTheDocument();
  });
});
