import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign, CampaignStatus } from '../api/campaigns';
import { App } from '../app/App';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { actionsFor } from './actions';
import { NO_COUNTS, campaignOf, recipientOf, sandboxChannel } from './testData';

const MANAGER = meOf('campaign_manager', [...ADMIN_PERMISSIONS, 'campaigns:write', 'channels:read']);
const SUPERVISOR = meOf('supervisor', [...ADMIN_PERMISSIONS, 'channels:read']);

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

function backend(campaign: Campaign, me = MANAGER) {
  const state = { campaign, posted: [] as string[], recipientQueries: [] as string[] };
  fakeApi({
    'GET /api/me': () => jsonResponse(me),
    'GET /api/channels': () => jsonResponse({ items: [sandboxChannel] }),
    'GET /api/campaigns/7': () => jsonResponse(state.campaign),
    'GET /api/campaigns/7/recipients': (_b, url) => {
      const status = url.searchParams.get('status') ?? '';
      state.recipientQueries.push(status);
      const all = [
        recipientOf({ read_at: '2026-03-01T09:01:00Z', replied_at: '2026-03-01T09:02:00Z' }),
        recipientOf({
          id: 2,
          number: '+4915100000002',
          contact_name: '',
          status: 'failed',
          reason: '131026',
          reason_message: 'Message undeliverable',
          delivered_at: null,
          conversation_id: null,
        }),
      ];
      return jsonResponse({ items: all.filter((r) => !status || r.status === status), next_cursor: null });
    },
    'POST /api/campaigns/7/pause': () => {
      state.posted.push('pause');
      state.campaign = { ...state.campaign, status: 'paused' };
      return jsonResponse(state.campaign);
    },
    'POST /api/campaigns/7/retry': () => {
      state.posted.push('retry');
      state.campaign = { ...state.campaign, status: 'retrying' };
      return jsonResponse(state.campaign);
    },
    'POST /api/campaigns/7/duplicate': () => {
      state.posted.push('duplicate');
      return jsonResponse(campaignOf({ id: 9, name: 'Spring sale (copy)', status: 'draft', counts: NO_COUNTS }), 201);
    },
    'GET /api/campaigns/9': () => jsonResponse(campaignOf({ id: 9, name: 'Spring sale (copy)', status: 'draft' })),
    'GET /api/account/settings': () => jsonResponse({ default_country: 'AT' }),
    'GET /api/groups': () => jsonResponse({ items: [] }),
    'GET /api/templates': () => jsonResponse({ items: [], syncs: [] }),
    'GET /api/queues': () => jsonResponse({ items: [{ id: 1, name: 'Support' }] }),
    'POST /api/campaigns/preview': () => jsonResponse({ total: 0, excluded: {}, will_receive: 0 }),
  });
  return state;
}

describe('campaign actions per status', () => {
  it.each<[CampaignStatus, number, string[]]>([
    ['draft', 0, ['edit', 'delete', 'duplicate']],
    ['scheduled', 0, ['edit', 'cancel', 'duplicate']],
    ['pending', 0, ['pause', 'stop', 'duplicate']],
    ['running', 0, ['pause', 'stop', 'duplicate']],
    ['retrying', 0, ['pause', 'stop', 'duplicate']],
    ['paused', 0, ['resume', 'stop', 'duplicate']],
    ['paused', 1, ['resume', 'retry', 'stop', 'duplicate']],
    ['stopped', 0, ['resume', 'duplicate']],
    ['stopped', 2, ['resume', 'retry', 'duplicate']],
    ['completed', 0, ['duplicate']],
    ['completed', 3, ['retry', 'duplicate']],
  ])('%s with %i failed offers %j', (status, failed, actions) => {
    expect(actionsFor({ status, counts: { ...NO_COUNTS, failed } })).toEqual(actions);
  });
});

describe('campaign detail', () => {
  it('pauses a running campaign, and the buttons follow its new status', async () => {
    const state = backend(campaignOf());
    renderWithApp(<App />, { route: '/campaigns/7' });
    const user = userEvent.setup();
    const detail = await screen.findByTestId('campaign-detail');
    expect(screen.getByTestId('campaign-status-explained')).toHaveTextContent('Sending at the pace');
    expect(screen.queryByTestId('campaign-resume')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('campaign-pause'));
    await waitFor(() => expect(detail).toHaveAttribute('data-status', 'paused'));
    expect(state.posted).toEqual(['pause']);
    expect(screen.getByTestId('campaign-resume')).toBeInTheDocument();
    expect(screen.queryByTestId('campaign-pause')).not.toBeInTheDocument();
  });

  it('explains a fault stop and what to do next, and retries the failed recipients', async () => {
    const state = backend(
      campaignOf({
        status: 'stopped',
        stop_reason: 'bad_credentials',
        counts: { ...NO_COUNTS, total: 2, sent: 1, failed: 1 },
      }),
    );
    renderWithApp(<App />, { route: '/campaigns/7' });
    const reason = await screen.findByTestId('campaign-stop-reason');
    expect(reason).toHaveTextContent('The provider rejected the channel');
    expect(reason).toHaveTextContent('Settings → Channels');
    await userEvent.setup().click(screen.getByTestId('campaign-retry'));
    await waitFor(() => expect(state.posted).toEqual(['retry']));
    expect(await screen.findByTestId('campaign-detail')).toHaveAttribute('data-status', 'retrying');
  });

  it('lists results with status, reason and conversation, filters them and links the exports', async () => {
    const state = backend(campaignOf({ counts: { ...NO_COUNTS, total: 2, sent: 1, failed: 1, replied: 1 } }));
    renderWithApp(<App />, { route: '/campaigns/7' });
    const user = userEvent.setup();
    const replied = await screen.findByTestId('recipient-row-+4915100000001');
    expect(within(replied).getByTestId('recipient-progress')).toHaveAttribute('data-progress', 'replied');
    expect(within(replied).getByTestId('recipient-conversation')).toHaveAttribute('href', '/inbox/40');
    const failed = screen.getByTestId('recipient-row-+4915100000002');
    expect(failed).toHaveTextContent('Not a WhatsApp number');
    expect(screen.getByTestId('results-export-csv')).toHaveAttribute(
      'href',
      '/api/campaigns/7/recipients/export?format=csv',
    );

    await user.selectOptions(screen.getByTestId('results-status-filter'), 'failed');
    await waitFor(() => expect(screen.queryByTestId('recipient-row-+4915100000001')).not.toBeInTheDocument());
    expect(state.recipientQueries.at(-1)).toBe('failed');
    expect(screen.getByTestId('results-export-xlsx')).toHaveAttribute(
      'href',
      '/api/campaigns/7/recipients/export?format=xlsx&status=failed',
    );
  });

  it('duplicates into a new draft and opens its edit page', async () => {
    const state = backend(campaignOf({ status: 'completed' }));
    renderWithApp(<App />, { route: '/campaigns/7' });
    await userEvent.setup().click(await screen.findByTestId('campaign-duplicate'));
    await waitFor(() => expect(state.posted).toEqual(['duplicate']));
    expect(await screen.findByTestId('campaign-name')).toHaveValue('Spring sale (copy)');
    expect(screen.getByTestId('campaign-when-draft')).toBeChecked();
  });

  it('shows supervisors the campaign without the buttons', async () => {
    backend(campaignOf(), SUPERVISOR);
    renderWithApp(<App />, { route: '/campaigns/7' });
    await screen.findByTestId('campaign-detail');
    expect(screen.queryByTestId('campaign-actions')).not.toBeInTheDocument();
  });
});
