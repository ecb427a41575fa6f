import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { AGENT_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';

const AGENT = meOf('agent', [...AGENT_PERMISSIONS, 'presence:write', 'queues:read']);

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

describe('presence selector', () => {
  it('shows the own status, sets it, and follows the server’s presence events', async () => {
    const puts: unknown[] = [];
    let mine = 'online';
    fakeApi({
      'GET /api/me': () => jsonResponse(AGENT),
      'GET /api/presence': () =>
        jsonResponse({
          items: [
            { user_id: 1, name: 'Alex Agent', status: mine },
            { user_id: 2, name: 'Bea', status: 'offline' },
          ],
        }),
      'PUT /api/presence/me': (body) => {
        puts.push(body);
        mine = (body as { status: string }).status;
        return jsonResponse({ user_id: 1, name: 'Alex Agent', status: (body as { status: string }).status });
      },
    });
    renderWithApp(<App />, { route: '/settings/profile' });
    const select = await screen.findByTestId('presence-select');
    await waitFor(() => expect(select).toHaveValue('online'));
    expect(screen.getByTestId('presence-own-dot')).toHaveAttribute('data-status', 'online');

    await userEvent.setup().selectOptions(select, 'busy');
    await waitFor(() => expect(screen.getByTestId('presence-selector')).toHaveAttribute('data-status', 'busy'));
    expect(puts).toEqual([{ status: 'busy' }]);

    // The server says the agent went offline (their connection was lost); others' events and viewing signals do not count.
    await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.accept();
      socket.push({ type: 'presence', data: { user_id: 2, user_name: 'Bea', status: 'online' } });
      socket.push({ type: 'presence', data: { conversation_id: 4, user_id: 1, user_name: 'Alex', state: 'viewing' } });
    });
    expect(screen.getByTestId('presence-selector')).toHaveAttribute('data-status', 'busy');
    mine = 'offline';
    act(() => socket.push({ type: 'presence', data: { user_id: 1, user_name: 'Alex Agent', status: 'offline' } }));
    await waitFor(() => expect(screen.getByTestId('presence-selector')).toHaveAttribute('data-status', 'offline'));
    expect(select).toHaveValue('offline');
  });

  it('is not shown to users without presence:write', async () => {
    fakeApi({ 'GET /api/me': () => jsonResponse(meOf('campaign_manager', ['campaigns:read'])) });
    renderWithApp(<App />, { route: '/settings/profile' });
    await screen.findByTestId('sign-out');
    expect(screen.queryByTestId('presence-selector')).not.toBeInTheDocument();
  });
});
