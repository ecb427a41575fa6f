import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { SMSTemplate, TemplateSyncState } from '../../api/templates';
import type { Channel } from '../../api/types';
import { fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';
import { appointmentReminder, orderUpdate } from '../../templates/fixtures';

afterEach(() => vi.unstubAllGlobals());

const sandbox: Channel = {
  id: 1,
  kind: 'sandbox',
  name: 'Sandbox',
  enabled: true,
  base_url: '',
  created_at: '2026-05-01T10:00:00Z',
  updated_at: '2026-05-01T10:00:00Z',
  senders: [],
  credentials_set: {},
  webhook_url: '',
  held_webhooks: 0,
};
const whatsapp: Channel = { ...sandbox, id: 2, kind: 'whatsapp_cloud', name: 'Support WhatsApp' };

const MANAGER = ['templates:read', 'templates:write', 'channels:read', 'contacts:read', 'campaigns:read'];

describe('Settings → Templates', () => {
  it('lists WhatsApp templates per channel and shows a sync’s result or its error', { timeout: 20_000 }, async () => {
    let syncs: TemplateSyncState[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('campaign_manager', MANAGER)),
      'GET /api/channels': () => jsonResponse({ items: [sandbox, whatsapp], next: null }),
      'GET /api/sms-templates': () => jsonResponse({ items: [] }),
      'GET /api/templates': () =>
        jsonResponse({ items: [appointmentReminder, { ...orderUpdate, status: 'PENDING' }], syncs }),
      'POST /api/channels/1/templates/sync': () => {
        syncs = [
          {
            channel_id: 1,
            attempted_at: '2026-05-02T10:00:00Z',
            succeeded_at: '2026-05-02T10:00:00Z',
            error: '',
            template_count: 2,
          },
        ];
        return jsonResponse({ channel_id: 1, total: 2, added: 1, updated: 1, removed: 0, synced_at: '' });
      },
      'POST /api/channels/2/templates/sync': () =>
        errorResponse(
          422,
          'waba_id_missing',
          'this channel has no WhatsApp Business Account id; an administrator can add it in Settings → Channels',
        ),
    });
    renderWithApp(<App />, { route: '/settings/templates' });
    const user = userEvent.setup();

    const sandboxPanel = await screen.findByTestId('template-channel-1');
    expect(within(sandboxPanel).getByTestId('template-row-appointment_reminder')).toHaveTextContent('Approved');
    expect(within(sandboxPanel).getByTestId('template-row-order_update')).toHaveTextContent('Pending review');
    expect(within(sandboxPanel).getByTestId('template-sync-state')).toHaveTextContent('Not synced yet.');

    await user.click(within(sandboxPanel).getByRole('button', { name: 'Sync now' }));
    expect(await within(sandboxPanel).findByTestId('template-sync-result')).toHaveTextContent(
      'Synced 2 templates: 1 new, 1 changed, 0 removed.',
    );
    await waitFor(() =>
      expect(within(sandboxPanel).getByTestId('template-sync-state')).toHaveTextContent('2 templates'),
    );

    const waPanel = screen.getByTestId('template-channel-2');
    await user.click(within(waPanel).getByRole('button', { name: 'Sync now' }));
    expect(await within(waPanel).findByTestId('template-sync-error')).toHaveTextContent(
      'no WhatsApp Business Account id',
    );
  });

  it('creates, edits and deletes SMS templates', { timeout: 20_000 }, async () => {
    let items: SMSTemplate[] = [];
    const calls: string[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('campaign_manager', MANAGER)),
      'GET /api/channels': () => jsonResponse({ items: [], next: null }),
      'GET /api/templates': () => jsonResponse({ items: [], syncs: [] }),
      'GET /api/sms-templates': () => jsonResponse({ items }),
      'POST /api/sms-templates': (body) => {
        const input = body as { name: string; body: string };
        calls.push(`create ${input.name}`);
        if (input.name === 'Termin' && items.length > 0) {
          return errorResponse(409, 'conflict', 'an SMS template with this name exists already', {
            name: 'an SMS template with this name exists already',
          });
        }
        items = [{ id: 5, ...input, placeholders: ['first_name'], created_at: '', updated_at: '' }];
        return jsonResponse(items[0], 201);
      },
      'PATCH /api/sms-templates/5': (body) => {
        calls.push(`update ${(body as { body: string }).body}`);
        items = [{ ...items[0]!, ...(body as object) }];
        return jsonResponse(items[0]);
      },
      'DELETE /api/sms-templates/5': () => {
        calls.push('delete');
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithApp(<App />, { route: '/settings/templates' });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'New SMS template' }));
    const form = screen.getByTestId('sms-template-form');
    await user.type(within(form).getByLabelText('Name'), 'Termin');
    await user.type(within(form).getByLabelText('Text'), 'Hallo {{{{first_name}}, bis morgen.');
    expect(within(form).getByTestId('sms-template-count')).toHaveTextContent('33 / 1600 characters · 1 SMS (GSM-7)');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const row = await screen.findByTestId('sms-template-row-Termin');
    expect(row).toHaveTextContent('Hallo {{first_name}}, bis morgen.');
    expect(row).toHaveTextContent('Placeholders: first_name');

    await user.click(within(row).getByRole('button', { name: 'Edit' }));
    const edit = screen.getByTestId('sms-template-form');
    await user.clear(within(edit).getByLabelText('Text'));
    await user.type(within(edit).getByLabelText('Text'), 'Guten Tag');
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('sms-template-row-Termin')).toHaveTextContent('Guten Tag'));

    await user.click(within(screen.getByTestId('sms-template-row-Termin')).getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete template' }));
    expect(await screen.findByText('No SMS templates yet.')).toBeInTheDocument();
    expect(calls).toEqual(['create Termin', 'update Guten Tag', 'delete']);
  });
});
