import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CampaignInput } from '../api/campaigns';
import { App } from '../app/App';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { orderUpdate } from '../templates/fixtures';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { campaignOf, newsletter, sandboxChannel, smsChannel } from './testData';

const MANAGER = meOf('campaign_manager', [
  ...ADMIN_PERMISSIONS,
  'campaigns:write',
  'channels:read',
  'groups:read',
  'templates:read',
  'queues:read',
]);

beforeEach(() => {
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => vi.unstubAllGlobals());

function backend({ channels = [sandboxChannel], createError }: { channels?: unknown[]; createError?: Response } = {}) {
  const state = { previews: [] as CampaignInput[], created: [] as CampaignInput[] };
  fakeApi({
    'GET /api/me': () => jsonResponse(MANAGER),
    'GET /api/channels': () => jsonResponse({ items: channels }),
    'GET /api/account/settings': () => jsonResponse({ default_country: 'AT' }),
    'GET /api/groups': () => jsonResponse({ items: [newsletter] }),
    'GET /api/templates': () => jsonResponse({ items: [orderUpdate], syncs: [] }),
    'GET /api/sms-templates': () =>
      jsonResponse({ items: [{ id: 4, name: 'Sale', body: 'Sale today!', placeholders: [] }] }),
    'GET /api/contact-attributes': () =>
      jsonResponse({ items: [{ id: 1, key: 'city', label: 'City', type: 'text', options: [], position: 0 }] }),
    'GET /api/queues': () => jsonResponse({ items: [{ id: 1, name: 'Support' }] }),
    'POST /api/campaigns/preview': (body) => {
      const input = body as CampaignInput;
      state.previews.push(input);
      const typed = input.recipients.numbers?.length ?? 0;
      const fromGroup = input.recipients.group_ids?.length ? 12 : 0;
      return jsonResponse({
        total: fromGroup + typed,
        excluded: {
          no_consent: fromGroup ? 1 : 0,
          opted_out: 0,
          inactive: 0,
          blocked: 0,
          no_number: fromGroup ? 1 : 0,
          duplicate: typed ? 1 : 0,
        },
        will_receive: fromGroup + typed - (fromGroup ? 2 : 0) - (typed ? 1 : 0),
      });
    },
    'POST /api/campaigns': (body) => {
      state.created.push(body as CampaignInput);
      return createError ?? jsonResponse(campaignOf({ name: (body as CampaignInput).name }), 201);
    },
    'GET /api/campaigns/7': () => jsonResponse(campaignOf()),
    'GET /api/campaigns/7/recipients': () => jsonResponse({ items: [], next_cursor: null }),
  });
  return state;
}

describe('campaign editor', () => {
  it('counts who will receive it, and why others are excluded, as the recipients change', async () => {
    const state = backend();
    renderWithApp(<App />, { route: '/campaigns/new' });
    const user = userEvent.setup();
    const counts = await screen.findByTestId('campaign-preview-counts');
    expect(counts).toHaveTextContent('Choose recipients');

    await user.click(await screen.findByTestId('campaign-group-3'));
    await waitFor(() => expect(screen.getByTestId('preview-will-receive')).toHaveTextContent('10 will receive it'));
    expect(screen.getByTestId('preview-total')).toHaveTextContent('12 in total, 2 excluded');
    expect(screen.getByTestId('preview-excluded-no_consent')).toHaveTextContent('No consent1');
    expect(screen.getByTestId('preview-excluded-no_number')).toHaveTextContent('No number of that type1');
    expect(screen.queryByTestId('preview-excluded-opted_out')).not.toBeInTheDocument();
    expect(state.previews.at(-1)?.recipients).toMatchObject({ group_ids: [3], number_type: 'whatsapp' });

    // Typed numbers join the count once typing rests (one request, not one per key).
    const asked = state.previews.length;
    await user.type(screen.getByTestId('campaign-numbers'), '+43 660 1234567');
    await waitFor(() => expect(screen.getByTestId('preview-will-receive')).toHaveTextContent('10 will receive it'));
    await waitFor(() => expect(screen.getByTestId('preview-excluded-duplicate')).toHaveTextContent('Duplicate1'));
    expect(state.previews.length).toBe(asked + 1);
    expect(state.previews.at(-1)?.recipients.numbers).toEqual(['+436601234567']);
  });

  it('names what is missing next to each field, and checks numbers as they are typed', async () => {
    const state = backend();
    renderWithApp(<App />, { route: '/campaigns/new' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('campaign-submit'));

    expect(screen.getByTestId('campaign-form-invalid')).toBeInTheDocument();
    expect(screen.getByTestId('campaign-name')).toHaveAccessibleDescription('Give the campaign a name.');
    expect(screen.getByTestId('error-recipients')).toHaveTextContent('Choose at least one kind of recipient');
    expect(screen.getByTestId('template-select')).toHaveAccessibleDescription('Choose a template.');

    await user.type(screen.getByTestId('campaign-numbers'), '+43 660 1234567, hello');
    expect(screen.getByTestId('campaign-numbers-invalid')).toHaveTextContent('1 not a phone number: hello');
    expect(screen.getByTestId('campaign-numbers')).toHaveAccessibleDescription(/Some entries are not phone numbers/);

    await user.selectOptions(screen.getByTestId('template-select'), String(orderUpdate.id));
    await user.click(screen.getByTestId('campaign-submit'));
    expect(screen.getByTestId('template-field-body.1')).toHaveAccessibleDescription(/Fill in this value/);

    await user.click(screen.getByTestId('campaign-when-scheduled'));
    await user.type(screen.getByTestId('campaign-date'), '2020-01-01');
    await user.type(screen.getByTestId('campaign-time'), '09:00');
    expect(screen.getByTestId('campaign-date')).toHaveAccessibleDescription(
      'This time has passed; choose a later one.',
    );
    expect(state.created).toEqual([]);
  });

  it('sends a WhatsApp campaign to a group now, in session mode to a queue, with a contact field as a variable', async () => {
    const state = backend();
    renderWithApp(<App />, { route: '/campaigns/new' });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('campaign-name'), 'Spring sale');
    await user.click(await screen.findByTestId('campaign-group-3'));
    await user.selectOptions(await screen.findByTestId('template-select'), String(orderUpdate.id));
    await user.click(screen.getByTestId('template-field-body.1'));
    await user.selectOptions(screen.getByTestId('template-placeholder-picker'), 'first_name');
    await user.type(screen.getByTestId('template-field-body.2'), 'A-1');
    expect(screen.getByTestId('template-preview')).toHaveTextContent(
      'Hallo {{first_name}}, Ihre Bestellung A-1 ist unterwegs.',
    );
    await user.selectOptions(await screen.findByTestId('campaign-route'), '1');
    await user.click(screen.getByTestId('campaign-submit'));

    await waitFor(() => expect(state.created).toHaveLength(1));
    expect(state.created[0]).toEqual({
      name: 'Spring sale',
      channel_id: 1,
      sender_id: 5,
      recipients: { numbers: [], group_ids: [3], number_type: 'whatsapp' },
      content: { template_id: 11, parameters: { body: ['{{first_name}}', 'A-1'] } },
      send_at: null,
      time_zone: expect.any(String),
      draft: false,
      mode: 'session',
      route: { queue_id: 1 },
      track_links: false,
    });
    expect(await screen.findByTestId('campaign-detail')).toBeInTheDocument();
  });

  it('shows the server field errors next to their fields', async () => {
    backend({
      createError: errorResponse(422, 'validation_failed', 'invalid', {
        name: 'is already taken',
        route: 'queue not found',
      }),
    });
    renderWithApp(<App />, { route: '/campaigns/new' });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('campaign-name'), 'Spring sale');
    await user.type(screen.getByTestId('campaign-numbers'), '+436601234567');
    await user.selectOptions(await screen.findByTestId('template-select'), String(orderUpdate.id));
    await user.type(screen.getByTestId('template-field-body.1'), 'Anna');
    await user.type(screen.getByTestId('template-field-body.2'), 'A-1');
    await user.click(screen.getByTestId('campaign-mode-direct'));
    await user.click(screen.getByTestId('campaign-submit'));
    expect(await screen.findByTestId('campaign-save-error')).toHaveTextContent(/correct|check/i);
    expect(screen.getByTestId('campaign-name')).toHaveAccessibleDescription('is already taken');
  });

  it('writes an SMS with placeholders, counts its segments and names the character that forces Unicode', async () => {
    const state = backend({ channels: [smsChannel] });
    renderWithApp(<App />, { route: '/campaigns/new' });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('campaign-name'), 'SMS');
    await user.selectOptions(await screen.findByTestId('campaign-sms-template'), '4');
    const body = screen.getByTestId('campaign-body');
    expect(body).toHaveValue('Sale today!');
    await user.click(body);
    await user.keyboard('{End} ');
    await user.selectOptions(screen.getByTestId('placeholder-picker'), 'attr.city');
    expect(body).toHaveValue('Sale today! {{attr.city}}');
    expect(screen.getByTestId('sms-segments')).toHaveTextContent('GSM-7');
    await user.type(body, ' 😀');
    expect(screen.getByTestId('sms-segments')).toHaveTextContent('UCS-2');
    expect(screen.getByTestId('campaign-ucs2')).toHaveTextContent('“😀” makes it Unicode');
    expect(screen.getByTestId('campaign-number-type')).toHaveValue('sms');
    await user.click(screen.getByTestId('campaign-mode-direct'));
    await user.click(screen.getByTestId('campaign-when-draft'));
    await user.click(screen.getByTestId('campaign-phonebook-all'));
    await user.click(screen.getByTestId('campaign-submit'));
    await waitFor(() => expect(state.created).toHaveLength(1));
    expect(state.created[0]).toMatchObject({
      channel_id: 2,
      sender_id: 6,
      recipients: { contacts: {}, number_type: 'sms' },
      content: { body: 'Sale today! {{attr.city}} 😀' },
      draft: true,
      mode: 'direct',
      route: {},
    });
    expect(within(await screen.findByTestId('campaign-detail')).getByTestId('campaign-status')).toBeInTheDocument();
  });
});
