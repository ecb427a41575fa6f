import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxInfo, SandboxMessage } from '../api/sandbox';
import { SessionContext } from '../auth/session';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { RealtimeConnection } from '../realtime/connection';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { CUSTOMERS_STORAGE_KEY } from './customers';
import { SandboxPage } from './SandboxPage';

afterEach(() => vi.unstubAllGlobals());

/** Types a value in one go (pasting), which keeps these tests fast. */
async function fill(user: ReturnType<typeof userEvent.setup>, element: HTMLElement, value: string) {
  await user.click(element);
  await user.paste(value);
}

const INFO: SandboxInfo = {
  channel_id: 7,
  name: 'Sandbox',
  senders: [
    { id: 3, channel_id: 7, phone_number: '+4930901820', provider_id: 'sandbox-1', name: 'Sandbox', created_at: '' },
  ],
};

let nextId = 1;
function message(over: Partial<SandboxMessage>): SandboxMessage {
  const id = nextId++;
  return {
    id,
    conversation_id: 1,
    channel_id: 7,
    direction: 'in',
    kind: 'text',
    body: '',
    media: null,
    location: null,
    extra: {},
    provider_message_id: `p${id}`,
    reply_to_id: null,
    status: 'received',
    error_code: '',
    error_title: '',
    author_id: null,
    created_at: new Date().toISOString(),
    provider_at: null,
    status_at: null,
    ...over,
  };
}

const me = meOf('admin', [...ADMIN_PERMISSIONS, 'sandbox:use', 'channels:write']);

function renderPhone(withRealtime?: RealtimeConnection) {
  const page = <SandboxPage />;
  return renderWithApp(
    <SessionContext.Provider value={me}>
      {withRealtime ? (
        <RealtimeProvider selfUserId={me.user.id} createConnection={() => withRealtime}>
          {page}
        </RealtimeProvider>
      ) : (
        page
      )}
    </SessionContext.Provider>,
    { route: '/sandbox' },
  );
}

/** A socket the test drives by hand. */
class FakeSocket {
  static OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  send() {}
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  emit(event: unknown) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
}

describe('sandbox phone', () => {
  it('shows the business number and the thread from the customer’s side', async () => {
    const thread = [
      message({ direction: 'in', body: 'Hallo, ist mein Paket unterwegs?' }),
      message({ direction: 'out', body: 'Ja, es kommt morgen.', status: 'read' }),
      message({
        direction: 'out',
        kind: 'image',
        media: { mime: 'image/png', caption: 'Ihr Paket', state: 'ready' },
        status: 'read',
      }),
      message({
        direction: 'out',
        kind: 'document',
        media: { mime: 'application/pdf', filename: 'Rechnung.pdf', state: 'ready' },
        status: 'read',
      }),
      message({
        direction: 'in',
        kind: 'location',
        body: 'Brandenburger Tor',
        location: { latitude: 52.516275, longitude: 13.377704, name: 'Brandenburger Tor' },
      }),
      message({ direction: 'out', kind: 'text', body: 'queued, not on the phone yet', status: 'queued' }),
    ];
    const fetchMock = fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () => jsonResponse({ items: thread }),
    });
    renderPhone();

    expect(await screen.findByTestId('phone-business-number')).toHaveTextContent('+4930901820');
    await waitFor(() => expect(screen.getAllByTestId('phone-message')).toHaveLength(5));
    const shown = screen.getAllByTestId('phone-message');
    expect(shown.map((el) => el.getAttribute('data-direction'))).toEqual(['out', 'in', 'in', 'in', 'out']);
    expect(shown.map((el) => el.getAttribute('data-kind'))).toEqual(['text', 'text', 'image', 'document', 'location']);
    expect(within(shown[2]!).getByRole('img', { name: 'Ihr Paket' })).toHaveAttribute(
      'src',
      `/api/sandbox/media/${thread[2]!.id}`,
    );
    expect(within(shown[3]!).getByRole('link', { name: 'Rechnung.pdf' })).toHaveAttribute(
      'href',
      `/api/sandbox/media/${thread[3]!.id}`,
    );
    expect(shown[4]).toHaveTextContent('Brandenburger Tor');
    expect(screen.queryByText('queued, not on the phone yet')).not.toBeInTheDocument();

    const threadCall = fetchMock.mock.calls.find(([url]) => String(url).startsWith('/api/sandbox/messages'));
    expect(threadCall?.[0]).toBe('/api/sandbox/messages?number=%2B4915112345678');
    // Everything shown is read already: nothing to report.
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/sandbox/read')).toBe(false);
  });

  it('reports business messages read once it shows them', async () => {
    const reads: unknown[] = [];
    fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () =>
        jsonResponse({
          items: [
            message({ direction: 'in', body: 'Hi' }),
            message({ direction: 'out', body: 'Hello!', status: 'delivered' }),
          ],
        }),
      'POST /api/sandbox/read': (body) => {
        reads.push(body);
        return new Response(null, { status: 202 });
      },
    });
    renderPhone();
    await waitFor(() => expect(reads).toEqual([{ number: '+4915112345678' }]));
  });

  it('sends a text as the chosen customer and remembers the customer', async () => {
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () => jsonResponse({ items: [] }),
      'POST /api/sandbox/messages': (body) => {
        posted.push(body);
        return jsonResponse({ provider_message_id: 'sbx.in.1' }, 202);
      },
    });
    renderPhone();
    const user = userEvent.setup();
    const number = await screen.findByTestId('phone-number');
    expect(number).toHaveValue('+4915112345678');
    await user.clear(number);
    await fill(user, number, '+49 170 5550001');
    await user.clear(screen.getByTestId('phone-name'));
    await fill(user, screen.getByTestId('phone-name'), 'Kim Kundin');
    await fill(user, screen.getByTestId('phone-text'), 'Guten Tag');
    await user.click(screen.getByTestId('phone-send'));

    await waitFor(() =>
      expect(posted).toEqual([
        { from: '+491705550001', name: 'Kim Kundin', sender_id: 3, type: 'text', text: 'Guten Tag' },
      ]),
    );
    expect(screen.getByTestId('phone-text')).toHaveValue('');
    expect(await screen.findByTestId('phone-message-pending')).toHaveTextContent('Guten Tag');
    expect(JSON.parse(localStorage.getItem(CUSTOMERS_STORAGE_KEY)!)).toEqual([
      { number: '+491705550001', name: 'Kim Kundin' },
    ]);
  });

  it('sends a sample location from the location form', async () => {
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () => jsonResponse({ items: [] }),
      'POST /api/sandbox/messages': (body) => {
        posted.push(body);
        return jsonResponse({ provider_message_id: 'sbx.in.2' }, 202);
      },
    });
    renderPhone();
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('phone-location'));
    await user.click(screen.getByRole('button', { name: 'Use a sample location' }));
    expect(screen.getByLabelText('Latitude')).toHaveValue('52.516275');
    await user.click(screen.getByTestId('phone-location-send'));
    await waitFor(() =>
      expect(posted).toEqual([
        {
          from: '+4915112345678',
          name: 'Kim Beispiel',
          sender_id: 3,
          type: 'location',
          latitude: 52.516275,
          longitude: 13.377704,
          place: 'Brandenburger Tor, Berlin',
        },
      ]),
    );
    expect(screen.queryByTestId('phone-location-form')).not.toBeInTheDocument();
  });

  it('shows a refused number next to the number field, and sends nothing for a number it cannot read', async () => {
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () => jsonResponse({ items: [] }),
      'POST /api/sandbox/messages': (body) => {
        posted.push(body);
        return errorResponse(422, 'validation_failed', '1 field(s) are invalid', {
          from: 'is not a valid phone number',
        });
      },
    });
    renderPhone();
    const user = userEvent.setup();
    const number = await screen.findByTestId('phone-number');
    await user.clear(number);
    await fill(user, number, '0151 123');
    await user.type(screen.getByTestId('phone-text'), 'Hallo{Enter}');
    expect(number).toHaveAccessibleDescription('Use the international format, e.g. +4915112345678.');
    expect(posted).toEqual([]);

    await user.clear(number);
    await fill(user, number, '+999999999');
    await user.click(screen.getByTestId('phone-send'));
    await waitFor(() => expect(number).toHaveAccessibleDescription('is not a valid phone number'));
    expect(number).toHaveAttribute('aria-invalid', 'true');
  });

  it('explains when the account has no sandbox channel', async () => {
    fakeApi({
      'GET /api/sandbox': () =>
        errorResponse(404, 'no_sandbox', 'this account has no enabled sandbox channel; an administrator can add one'),
    });
    renderPhone();
    const empty = await screen.findByTestId('no-sandbox');
    expect(empty).toHaveTextContent('this account has no enabled sandbox channel');
    expect(within(empty).getByRole('link', { name: 'Open channel settings' })).toHaveAttribute(
      'href',
      '/settings/channels',
    );
  });

  it('refetches the thread when the realtime connection reports a message of the sandbox channel', async () => {
    const socket = new FakeSocket();
    const connection = new RealtimeConnection({
      url: 'ws://test/api/ws',
      createSocket: () => socket as unknown as WebSocket,
    });
    let items: SandboxMessage[] = [];
    const fetchMock = fakeApi({
      'GET /api/sandbox': () => jsonResponse(INFO),
      'GET /api/sandbox/messages': () => jsonResponse({ items }),
    });
    const threadFetches = () =>
      fetchMock.mock.calls.filter(([url]) => String(url).startsWith('/api/sandbox/messages')).length;
    renderPhone(connection);
    await screen.findByTestId('phone-empty');
    act(() => socket.open());
    const before = threadFetches();

    // Another channel's message: nothing to do.
    act(() => socket.emit({ type: 'message.created', seq: 1, account_id: 1, data: { id: 90, channel_id: 99 } }));
    await new Promise((r) => setTimeout(r, 30));
    expect(threadFetches()).toBe(before);

    items = [message({ direction: 'out', body: 'Hello from the desk', status: 'read' })];
    act(() => socket.emit({ type: 'message.created', seq: 2, account_id: 1, data: { id: 91, channel_id: 7 } }));
    expect(await screen.findByText('Hello from the desk')).toBeInTheDocument();
    expect(screen.getByTestId('phone-message')).toHaveAttribute('data-direction', 'in');
  });
});
