import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../api/types';
import { App } from '../../app/App';
import { SessionContext } from '../../auth/session';
import { ADMIN_PERMISSIONS, AGENT_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';
import { ChannelsPage } from './ChannelsPage';

afterEach(() => vi.unstubAllGlobals());

/** Types a value in one go (pasting), which keeps these tests fast. */
async function fill(user: ReturnType<typeof userEvent.setup>, element: HTMLElement, value: string) {
  await user.click(element);
  await user.paste(value);
}

const ADMIN = meOf('admin', [...ADMIN_PERMISSIONS, 'channels:read', 'channels:write', 'sandbox:use']);

const whatsapp: Channel = {
  id: 2,
  kind: 'whatsapp_cloud',
  name: 'WhatsApp Support',
  enabled: true,
  base_url: '',
  created_at: '2026-01-05T10:00:00Z',
  updated_at: '2026-01-05T10:00:00Z',
  senders: [{ id: 5, channel_id: 2, phone_number: '+491701234567', provider_id: '1098', name: 'Main', created_at: '' }],
  credentials_set: { access_token: true, app_secret: true, verify_token: true, waba_id: false },
  webhook_url: 'https://desk.example.com/webhooks/whatsapp/2',
  held_webhooks: 0,
};
const sandbox: Channel = {
  ...whatsapp,
  id: 1,
  kind: 'sandbox',
  name: 'Sandbox',
  senders: [
    { id: 1, channel_id: 1, phone_number: '+4930901820', provider_id: 'sandbox-1', name: 'Sandbox', created_at: '' },
  ],
  credentials_set: {},
  webhook_url: '',
  held_webhooks: 0,
};

function renderPage() {
  return renderWithApp(
    <SessionContext.Provider value={ADMIN}>
      <ChannelsPage />
    </SessionContext.Provider>,
  );
}

describe('channels settings', () => {
  it('lists channels with kind, state, numbers, webhook URL and which credentials are set', async () => {
    fakeApi({ 'GET /api/channels': () => jsonResponse({ items: [sandbox, whatsapp], next: null }) });
    renderPage();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    expect(within(card).getByTestId('channel-kind-badge')).toHaveTextContent('WhatsApp Cloud');
    expect(within(card).getByTestId('channel-status')).toHaveTextContent('Enabled');
    expect(within(card).getByTestId('channel-sender')).toHaveTextContent('+491701234567 · Main');
    expect(within(card).getByTestId('channel-webhook-url')).toHaveValue('https://desk.example.com/webhooks/whatsapp/2');
    expect(within(card).getByTestId('channel-webhook')).toHaveTextContent('verify token');
    expect(within(card).getByTestId('credential-status-app_secret')).toHaveTextContent('App secretSet');
    expect(within(card).getByTestId('credential-status-waba_id')).toHaveTextContent('Not set');

    const sandboxCard = screen.getByTestId('channel-card-Sandbox');
    expect(within(sandboxCard).getByTestId('channel-kind-badge')).toHaveTextContent('Sandbox');
    expect(within(sandboxCard).queryByTestId('channel-webhook')).not.toBeInTheDocument();
  });

  it('says how many webhooks a disabled channel holds until it is enabled', async () => {
    const held = { ...whatsapp, enabled: false, held_webhooks: 3 };
    fakeApi({ 'GET /api/channels': () => jsonResponse({ items: [held, sandbox], next: null }) });
    renderPage();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    expect(within(card).getByTestId('channel-held')).toHaveTextContent(
      '3 incoming messages or status updates are waiting',
    );
    expect(within(screen.getByTestId('channel-card-Sandbox')).queryByTestId('channel-held')).not.toBeInTheDocument();
  });

  it('never displays a credential value, even one the server should not have sent', async () => {
    const leaky = { ...whatsapp, credentials: { app_secret: 'TOP-SECRET-VALUE' } } as Channel;
    fakeApi({ 'GET /api/channels': () => jsonResponse({ items: [leaky], next: null }) });
    const { container } = renderPage();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    await userEvent.setup().click(within(card).getByTestId('channel-edit'));
    const form = within(card).getByTestId('edit-channel-form');
    for (const input of within(form)
      .getAllByRole('textbox')
      .concat([...form.querySelectorAll('input[type=password]')] as HTMLElement[])) {
      if ((input as HTMLInputElement).name.startsWith('credentials.')) expect(input).toHaveValue('');
    }
    expect(container.innerHTML).not.toContain('TOP-SECRET-VALUE');
    expect(within(form).getByLabelText('App secret (optional)')).toHaveAccessibleDescription(
      'Stored. Leave empty to keep it; anything typed replaces it.',
    );
  });

  it('shows the server’s field errors at the inputs of the create form', async () => {
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/channels': () => jsonResponse({ items: [sandbox], next: null }),
      'POST /api/channels': (body) => {
        posted.push(body);
        return errorResponse(422, 'validation_failed', '2 field(s) are invalid', {
          'credentials.app_secret': 'is required',
          'senders.0.provider_id': 'is required (the phone-number id from Meta)',
        });
      },
    });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-channel'));
    const form = screen.getByTestId('create-channel-form');
    await fill(user, within(form).getByLabelText('Name'), 'WhatsApp Sales');
    await fill(user, within(form).getByLabelText('Access token'), 'EAAG-token');
    await fill(user, within(form).getByLabelText('Verify token'), 'my-verify');
    await fill(user, within(form).getByTestId('sender-phone-0'), '+491709876543');
    await user.click(within(form).getByTestId('create-channel-submit'));

    const secret = within(form).getByLabelText('App secret');
    await waitFor(() => expect(secret).toHaveAttribute('aria-invalid', 'true'));
    expect(secret).toHaveAccessibleDescription(expect.stringContaining('is required'));
    expect(within(form).getByTestId('sender-provider-id-0')).toHaveAccessibleDescription(
      'is required (the phone-number id from Meta)',
    );
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(posted).toEqual([
      {
        kind: 'whatsapp_cloud',
        name: 'WhatsApp Sales',
        credentials: { access_token: 'EAAG-token', verify_token: 'my-verify' },
        senders: [{ phone_number: '+491709876543', provider_id: '', name: '' }],
      },
    ]);
  });

  it('creates an SMS channel with two numbers and shows its webhook URL', async () => {
    let items: Channel[] = [];
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/channels': () => jsonResponse({ items, next: null }),
      'POST /api/channels': (body) => {
        posted.push(body);
        const created: Channel = {
          ...whatsapp,
          id: 9,
          kind: 'sms_twilio',
          name: 'SMS',
          senders: [],
          credentials_set: { account_sid: true, auth_token: true, messaging_service_sid: false },
          webhook_url: 'https://desk.example.com/webhooks/twilio/9',
          held_webhooks: 0,
        };
        items = [created];
        return jsonResponse(created, 201);
      },
    });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('new-channel'));
    const form = screen.getByTestId('create-channel-form');
    await user.selectOptions(within(form).getByLabelText('Channel type'), 'sms_twilio');
    expect(within(form).queryByLabelText('Access token')).not.toBeInTheDocument();
    await fill(user, within(form).getByLabelText('Name'), 'SMS');
    await fill(user, within(form).getByLabelText('Account SID'), 'AC123');
    await fill(user, within(form).getByLabelText('Auth token'), 'tw-secret');
    await fill(user, within(form).getByTestId('sender-phone-0'), '+4915200000001');
    await user.click(within(form).getByTestId('sender-add-row'));
    await fill(user, within(form).getByTestId('sender-phone-1'), '+4915200000002');
    await fill(user, within(form).getByTestId('sender-label-1'), 'Backup');
    expect(within(form).queryByTestId('sender-provider-id-0')).not.toBeInTheDocument();
    await user.click(within(form).getByTestId('create-channel-submit'));

    expect(await screen.findByTestId('channel-created')).toHaveTextContent('enter its webhook URL');
    expect(within(screen.getByTestId('channel-card-SMS')).getByTestId('channel-webhook-url')).toHaveValue(
      'https://desk.example.com/webhooks/twilio/9',
    );
    expect(posted).toEqual([
      {
        kind: 'sms_twilio',
        name: 'SMS',
        credentials: { account_sid: 'AC123', auth_token: 'tw-secret' },
        senders: [
          { phone_number: '+4915200000001', provider_id: '', name: '' },
          { phone_number: '+4915200000002', provider_id: '', name: 'Backup' },
        ],
      },
    ]);
  });

  it('disables a channel with its switch', async () => {
    let current = whatsapp;
    const patches: unknown[] = [];
    fakeApi({
      'GET /api/channels': () => jsonResponse({ items: [current], next: null }),
      'PATCH /api/channels/2': (body) => {
        patches.push(body);
        current = { ...current, enabled: false };
        return jsonResponse(current);
      },
    });
    renderPage();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    const toggle = within(card).getByRole('switch', { name: 'WhatsApp Support enabled' });
    expect(toggle).toHaveAttribute('aria-checked', 'true');
    await userEvent.setup().click(toggle);
    await waitFor(() => expect(within(card).getByTestId('channel-status')).toHaveTextContent('Disabled'));
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    expect(patches).toEqual([{ enabled: false }]);
  });

  it('renames and replaces only the credentials typed in', async () => {
    const patches: unknown[] = [];
    fakeApi({
      'GET /api/channels': () => jsonResponse({ items: [whatsapp], next: null }),
      'PATCH /api/channels/2': (body) => {
        patches.push(body);
        return jsonResponse({ ...whatsapp, name: 'WhatsApp Service' });
      },
    });
    renderPage();
    const user = userEvent.setup();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    await user.click(within(card).getByTestId('channel-edit'));
    const form = within(card).getByTestId('edit-channel-form');
    await user.clear(within(form).getByLabelText('Name'));
    await fill(user, within(form).getByLabelText('Name'), 'WhatsApp Service');
    await fill(user, within(form).getByLabelText('App secret (optional)'), 'new-app-secret');
    await user.click(within(form).getByTestId('edit-channel-submit'));
    expect(await screen.findByTestId('channel-saved')).toHaveTextContent('Changes saved.');
    expect(patches).toEqual([
      { name: 'WhatsApp Service', base_url: '', credentials: { app_secret: 'new-app-secret' } },
    ]);
  });

  it('adds a sender number, and explains why one in use cannot be removed', async () => {
    const added: unknown[] = [];
    fakeApi({
      'GET /api/channels': () => jsonResponse({ items: [whatsapp], next: null }),
      'POST /api/channels/2/senders': (body) => {
        added.push(body);
        return errorResponse(422, 'validation_failed', '1 field(s) are invalid', {
          'sender.provider_id': 'is required (the phone-number id from Meta)',
        });
      },
      'DELETE /api/channels/2/senders/5': () =>
        errorResponse(409, 'conflict', 'conversations use this number; disable the channel instead', {
          sender: 'conversations use this number; disable the channel instead',
        }),
    });
    renderPage();
    const user = userEvent.setup();
    const card = await screen.findByTestId('channel-card-WhatsApp Support');
    await user.click(within(card).getByTestId('channel-edit'));

    const addForm = within(card).getByTestId('add-sender-form');
    await fill(user, within(addForm).getByTestId('add-sender-phone'), '+491701111111');
    await user.click(within(addForm).getByTestId('add-sender-submit'));
    await waitFor(() =>
      expect(within(addForm).getByTestId('add-sender-provider-id')).toHaveAccessibleDescription(
        'is required (the phone-number id from Meta)',
      ),
    );
    expect(added).toEqual([{ phone_number: '+491701111111', provider_id: '', name: '' }]);

    const item = within(card).getByTestId('sender-item-+491701234567');
    await user.click(within(item).getByTestId('sender-remove'));
    await user.click(within(item).getByTestId('sender-remove-confirm'));
    expect(await within(item).findByTestId('sender-remove-error')).toHaveTextContent(
      'conversations use this number; disable the channel instead',
    );
  });
});

describe('channels and sandbox in the navigation', () => {
  it('offers Channels to administrators and the sandbox phone to every role with sandbox:use', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(ADMIN),
      'GET /api/channels': () => jsonResponse({ items: [], next: null }),
    });
    renderWithApp(<App />, { route: '/settings/channels' });
    expect(await screen.findByRole('heading', { name: 'No channels yet' })).toBeInTheDocument();
    const sections = screen.getByRole('navigation', { name: 'Settings sections' });
    expect(within(sections).getByRole('link', { name: 'Channels' })).toHaveAttribute('href', '/settings/channels');
    expect(screen.getByTestId('nav-sandbox')).toHaveTextContent('Sandbox phone');
  });

  it('gives agents no Channels entry, even though they may read channels', async () => {
    fakeApi({ 'GET /api/me': () => jsonResponse(meOf('agent', [...AGENT_PERMISSIONS, 'sandbox:use'])) });
    renderWithApp(<App />, { route: '/settings/channels' });
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    const sections = screen.getByRole('navigation', { name: 'Settings sections' });
    expect(within(sections).queryByRole('link', { name: 'Channels' })).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-sandbox')).toBeInTheDocument();
  });
});
