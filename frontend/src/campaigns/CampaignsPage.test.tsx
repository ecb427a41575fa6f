import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { campaignOf, sandboxChannel } from './testData';

const MANAGER = meOf('campaign_manager', [...ADMIN_PERMISSIONS, 'campaigns:write', 'channels:read']);

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

describe('campaigns list', () => {
  it('shows each campaign with sender, status and counts, and follows campaign.updated live', async () => {
    const running = campaignOf();
    const stopped = campaignOf({ id: 8, name: 'Winter', status: 'stopped', stop_reason: '131048' });
    const fetchMock = fakeApi({
      'GET /api/me': () => jsonResponse(MANAGER),
      'GET /api/campaigns': () => jsonResponse({ items: [running, stopped], next_cursor: null }),
      'GET /api/channels': () => jsonResponse({ items: [sandboxChannel] }),
    });
    renderWithApp(<App />, { route: '/campaigns' });

    const row = await screen.findByTestId('campaign-row-7');
    expect(row).toHaveTextContent('Spring sale');
    expect(row).toHaveTextContent('+4312345');
    expect(within(row).getByTestId('campaign-status')).toHaveTextContent('Running');
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '20');
    expect(within(row).getByTestId('count-sent')).toHaveTextContent('2');
    expect(within(screen.getByTestId('campaign-row-8')).getByTestId('campaign-status')).toHaveTextContent(
      'Stopped · spam limit (131048)',
    );
    expect(screen.getByTestId('campaign-new')).toHaveAttribute('href', '/campaigns/new');

    await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
    const socket = FakeWebSocket.latest();
    act(() => socket.accept());
    const listCalls = () => fetchMock.mock.calls.filter(([input]) => String(input).startsWith('/api/campaigns')).length;
    const before = listCalls();
    act(() =>
      socket.push({
        type: 'campaign.updated',
        data: campaignOf({
          status: 'completed',
          counts: { ...running.counts!, queued: 0, sent: 10, delivered: 9, read: 4, replied: 1 },
        }),
      }),
    );
    await waitFor(() => expect(within(row).getByTestId('campaign-status')).toHaveTextContent('Completed'));
    expect(within(row).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(within(row).getByTestId('count-delivered')).toHaveTextContent('9');
    expect(within(row).getByTestId('count-replied')).toHaveTextContent('1');
    // A known campaign is updated in place, without fetching the list again.
    expect(listCalls()).toBe(before);
  });

  it('says so when there are none yet', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(MANAGER),
      'GET /api/campaigns': () => jsonResponse({ items: [], next_cursor: null }),
      'GET /api/channels': () => jsonResponse({ items: [] }),
    });
    renderWithApp(<App />, { route: '/campaigns' });
    expect(await screen.findByTestId('campaigns-empty')).toHaveTextContent('No campaigns yet');
  });
});
