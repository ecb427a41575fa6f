import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Queue } from '../../api/routing';
import { App } from '../../app/App';
import { FakeWebSocket } from '../../realtime/fakeSocket';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';

const SUPERVISOR = meOf('supervisor', [...ADMIN_PERMISSIONS, 'queues:read', 'queues:write', 'channels:read']);
const CAMPAIGNS = meOf('campaign_manager', ['queues:read', 'campaigns:read']);

const support: Queue = {
  id: 1,
  name: 'Support',
  mode: 'first_reply',
  business_hours: { timezone: 'Europe/Vienna', days: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } },
  out_of_hours_reply: 'We are closed.',
  members: [{ user_id: 2, name: 'Alex Agent', capacity: 5 }],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

const agents = [
  { id: 2, name: 'Alex Agent', role: 'agent', extension: '101' },
  { id: 3, name: 'Bea Berger', role: 'agent', extension: null },
];

const sandbox = {
  id: 1,
  kind: 'sandbox',
  name: 'Sandbox',
  enabled: true,
  base_url: '',
  created_at: '',
  updated_at: '',
  credentials_set: {},
  webhook_url: '',
  held_webhooks: 0,
  senders: [
    {
      id: 7,
      channel_id: 1,
      phone_number: '+4930901820',
      provider_id: '',
      name: 'Sandbox',
      created_at: '',
      route_queue_id: 1,
      route_user_id: null,
    },
  ],
};

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

function backend(me = SUPERVISOR) {
  const state = { queues: [support], requests: [] as Array<[string, unknown]> };
  fakeApi({
    'GET /api/me': () => jsonResponse(me),
    'GET /api/queues': () => jsonResponse({ items: state.queues }),
    'GET /api/agents': () => jsonResponse({ items: agents }),
    'GET /api/channels': () => jsonResponse({ items: [sandbox], next: null }),
    'POST /api/queues': (body) => {
      state.requests.push(['POST /api/queues', body]);
      const { name } = body as { name: string };
      if (name === 'Support')
        return errorResponse(409, 'conflict', 'a queue with this name exists', {
          name: 'a queue with this name exists',
        });
      const created = {
        ...support,
        ...(body as object),
        id: 2,
        members: [],
        business_hours: (body as Queue).business_hours ?? null,
      };
      state.queues = [...state.queues, created];
      return jsonResponse(created, 201);
    },
    'PUT /api/queues/2/members': (body) => {
      state.requests.push(['PUT /api/queues/2/members', body]);
      return jsonResponse({ ...state.queues[1], members: [] });
    },
    'PATCH /api/queues/1': (body) => {
      state.requests.push(['PATCH /api/queues/1', body]);
      return jsonResponse({ ...support, ...(body as object), business_hours: null });
    },
    'PUT /api/senders/7/route': (body) => {
      state.requests.push(['PUT /api/senders/7/route', body]);
      return jsonResponse({});
    },
  });
  return state;
}

describe('queues settings', () => {
  it('lists queues with mode, hours, reply and members', async () => {
    backend();
    renderWithApp(<App />, { route: '/settings/queues' });
    const card = await screen.findByTestId('queue-card');
    expect(within(card).getByTestId('queue-mode')).toHaveTextContent('First reply');
    expect(within(card).getByTestId('queue-hours')).toHaveTextContent('Mon–Tue 09:00–17:00 (Europe/Vienna)');
    expect(card).toHaveTextContent('We are closed.');
    expect(within(card).getByTestId('queue-member')).toHaveTextContent('Alex Agent · 5');
    const route = await screen.findByTestId('route-select');
    await waitFor(() => expect(route).toHaveValue('q:1'));
  });

  it('creates a queue with hours and members, showing the server’s field errors first', async () => {
    const state = backend();
    renderWithApp(<App />, { route: '/settings/queues' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-queue'));
    const dialog = screen.getByTestId('queue-dialog');
    await user.type(within(dialog).getByTestId('queue-name'), 'Support');
    await user.click(within(dialog).getByTestId('queue-mode-manual'));
    await user.click(within(dialog).getByTestId('hours-enabled'));
    await user.selectOptions(within(dialog).getByTestId('hours-timezone'), 'Europe/Zurich');
    for (const day of ['tue', 'wed', 'thu', 'fri'])
      await user.click(within(dialog).getByTestId(`hours-remove-${day}-0`));
    await user.click(within(dialog).getByTestId('hours-add-mon'));
    // The second interval starts where the first ends; a reversed one is refused before sending.
    const to = within(dialog).getByTestId('hours-to-mon-1');
    await user.clear(to);
    await user.type(to, '12:00');
    await user.click(within(dialog).getByTestId('queue-save'));
    expect(await within(dialog).findByText('The end must be after the start.')).toBeInTheDocument();
    expect(state.requests).toEqual([]);
    await user.click(within(dialog).getByTestId('hours-remove-mon-1'));
    await user.type(within(dialog).getByTestId('queue-reply'), 'Closed today');
    const bea = within(dialog)
      .getAllByTestId('member-row')
      .find((row) => row.textContent?.includes('Bea Berger'))!;
    await user.click(within(bea).getByTestId('member-toggle'));
    await user.clear(within(bea).getByTestId('member-capacity'));
    await user.type(within(bea).getByTestId('member-capacity'), '3');

    await user.click(within(dialog).getByTestId('queue-save'));
    expect(await within(dialog).findByText('a queue with this name exists')).toBeInTheDocument();
    await user.clear(within(dialog).getByTestId('queue-name'));
    await user.type(within(dialog).getByTestId('queue-name'), 'Sales');
    await user.click(within(dialog).getByTestId('queue-save'));
    await waitFor(() => expect(screen.queryByTestId('queue-dialog')).not.toBeInTheDocument());
    expect(state.requests.slice(1)).toEqual([
      [
        'POST /api/queues',
        {
          name: 'Sales',
          mode: 'manual',
          out_of_hours_reply: 'Closed today',
          business_hours: { timezone: 'Europe/Zurich', days: { mon: [['09:00', '17:00']] } },
        },
      ],
      ['PUT /api/queues/2/members', { members: [{ user_id: 3, capacity: 3 }] }],
    ]);
    expect(screen.getByTestId('queue-saved')).toHaveTextContent('Sales');
  }, 20_000);

  it('clears the hours of a queue and routes a number to an extension', async () => {
    const state = backend();
    renderWithApp(<App />, { route: '/settings/queues' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('queue-edit'));
    const dialog = screen.getByTestId('queue-dialog');
    await user.click(within(dialog).getByTestId('hours-enabled'));
    await user.click(within(dialog).getByTestId('queue-save'));
    await waitFor(() => expect(screen.queryByTestId('queue-dialog')).not.toBeInTheDocument());
    expect(state.requests[0]).toEqual([
      'PATCH /api/queues/1',
      { name: 'Support', mode: 'first_reply', out_of_hours_reply: 'We are closed.', clear_business_hours: true },
    ]);

    await user.selectOptions(await screen.findByTestId('route-select'), 'u:2');
    await waitFor(() => expect(state.requests[1]).toEqual(['PUT /api/senders/7/route', { user_id: 2 }]));
  });

  it('shows queues read-only without queues:write', async () => {
    backend(CAMPAIGNS);
    renderWithApp(<App />, { route: '/settings/queues' });
    expect(await screen.findByTestId('queue-card')).toBeInTheDocument();
    expect(screen.queryByTestId('new-queue')).not.toBeInTheDocument();
    expect(screen.queryByTestId('queue-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('routes-panel')).not.toBeInTheDocument();
  });
});
