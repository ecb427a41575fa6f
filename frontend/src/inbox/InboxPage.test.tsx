import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { ConversationDetail, Message } from '../api/inbox';
import { FakeWebSocket } from '../realtime/fakeSocket';
import { AGENT_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { ALERTS_STORAGE_KEY, resetAlertSettings } from './alerts';
import { conversationOf, messageOf } from './testData';

const ME = meOf('agent', AGENT_PERMISSIONS); // user 1, "Alex Agent"

// These tests render the whole app; give them room on a busy machine.
configure({ asyncUtilTimeout: 5_000 });
vi.setConfig({ testTimeout: 30_000 });

interface Backend {
  conversations: ConversationDetail[];
  messages: Message[];
  posted: unknown[];
  listQueries: URLSearchParams[];
  messageQueries: URLSearchParams[];
  reads: number;
  patches: unknown[];
  retried: number[];
}

function backend(change: Partial<Backend> = {}) {
  const state: Backend = {
    conversations: [
      conversationOf(1, {
        contact: { id: 101, name: 'Erika Muster', whatsapp_number: '+4915112345678', sms_number: null },
        unread_count: 2,
      }),
      conversationOf(2, { assignee_id: 1, assignee_name: 'Alex Agent' }),
    ],
    messages: [messageOf(1, { body: 'Hallo, ich habe eine Frage' })],
    posted: [],
    listQueries: [],
    messageQueries: [],
    reads: 0,
    patches: [],
    retried: [],
    ...change,
  };
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(ME),
    'GET /api/channels': () =>
      jsonResponse({ items: [{ id: 1, kind: 'sandbox', name: 'Sandbox', enabled: true, senders: [] }], next: null }),
    'GET /api/agents': () =>
      jsonResponse({
        items: [
          { id: 1, name: 'Alex Agent', role: 'agent' },
          { id: 2, name: 'Bea Boss', role: 'supervisor' },
        ],
      }),
    'GET /api/conversations': (_b, url) => {
      state.listQueries.push(url.searchParams);
      return jsonResponse({ items: state.conversations, next: null });
    },
    'GET /api/conversations/1': () => jsonResponse(state.conversations[0]),
    'PATCH /api/conversations/1': (body) => {
      state.patches.push(body);
      const updated = { ...state.conversations[0]!, ...(body as object), updated_at: new Date().toISOString() };
      return jsonResponse(updated);
    },
    'POST /api/conversations/1/read': () => {
      state.reads++;
      return new Response(null, { status: 204 });
    },
    'GET /api/conversations/1/messages': (_b, url) => {
      state.messageQueries.push(url.searchParams);
      const after = Number(url.searchParams.get('after') ?? 0);
      return jsonResponse({ items: state.messages.filter((m) => m.id > after) });
    },
    'POST /api/conversations/1/messages': (body) => {
      state.posted.push(body);
      const b = body as { kind: 'text' | 'note'; body: string; reply_to_id?: number };
      const created = messageOf(100 + state.posted.length, {
        direction: 'out',
        kind: b.kind,
        body: b.body,
        status: b.kind === 'note' ? 'sent' : 'queued',
        author_id: 1,
        author_name: 'Alex Agent',
        reply_to_id: b.reply_to_id ?? null,
      });
      return jsonResponse(created, 201);
    },
    'POST /api/messages/5/retry': () => {
      state.retried.push(5);
      return jsonResponse(messageOf(5, { direction: 'out', status: 'queued', author_name: 'Alex Agent' }));
    },
    'GET /api/contacts/101': () =>
      jsonResponse({
        id: 101,
        name: 'Erika Muster',
        whatsapp_number: '+4915112345678',
        sms_number: '+4915112345678',
        attributes: {},
        created_at: '2026-01-01T00:00:00Z',
        conversations: [
          state.conversations[0],
          conversationOf(7, { status: 'resolved', last_message_preview: 'Old question' }),
        ],
      }),
  });
  return { state, fetchMock };
}

/** The server side of the tab's websocket. */
function socket() {
  return FakeWebSocket.latest();
}

async function connectSocket() {
  await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
  act(() => socket().accept());
}

function push(type: string, data: unknown) {
  act(() => socket().push({ type, seq: 1, account_id: 1, data }));
}

beforeEach(() => {
  sessionStorage.clear(); // the list filter is kept per browser tab
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
  resetAlertSettings();
});

afterEach(() => vi.unstubAllGlobals());

describe('inbox: conversation list', () => {
  it('lists conversations with name, preview, unread count and assignee', async () => {
    backend();
    renderWithApp(<App />, { route: '/inbox' });
    const rows = await screen.findAllByTestId('conversation-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('conversation-name')).toHaveTextContent('Erika Muster');
    expect(within(rows[0]!).getByTestId('conversation-preview')).toHaveTextContent('Preview 1');
    expect(within(rows[0]!).getByTestId('conversation-unread')).toHaveTextContent('2');
    expect(within(rows[0]!).getByTestId('conversation-assignee')).toHaveTextContent('Unassigned');
    expect(within(rows[1]!).getByTestId('conversation-assignee')).toHaveTextContent('Alex Agent');
    expect(screen.getByTestId('inbox-empty')).toHaveTextContent('Select a conversation');
  });

  it('asks the server for the chosen tab, status, channel and (after a pause) search', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox' });
    await screen.findAllByTestId('conversation-row');
    expect(Object.fromEntries(state.listQueries[0]!)).toMatchObject({ tab: 'all', status: 'open' });

    const user = userEvent.setup();
    await user.click(screen.getByTestId('inbox-tab-mine'));
    await waitFor(() => expect(state.listQueries.at(-1)?.get('tab')).toBe('mine'));
    await user.selectOptions(screen.getByTestId('status-filter'), '');
    await waitFor(() => expect(state.listQueries.at(-1)?.has('status')).toBe(false));
    await user.selectOptions(screen.getByTestId('channel-filter'), '1');
    await waitFor(() => expect(state.listQueries.at(-1)?.get('channel_id')).toBe('1'));

    const before = state.listQueries.length;
    await user.type(screen.getByTestId('conversation-search'), 'Erika');
    await waitFor(() => expect(state.listQueries.at(-1)?.get('q')).toBe('Erika'));
    // One request for the whole word, not one per letter.
    expect(state.listQueries.slice(before).filter((q) => q.has('q'))).toHaveLength(1);
  });

  it('adds a new conversation from the realtime connection without asking the server again', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox' });
    await screen.findAllByTestId('conversation-row');
    const before = state.listQueries.length;
    await connectSocket();
    // What was fetched before the socket was up is fetched once more.
    await waitFor(() => expect(state.listQueries.length).toBe(before + 1));
    const calls = state.listQueries.length;
    const fresh = conversationOf(3, {
      contact: { id: 103, name: 'Jonas Becker', whatsapp_number: '+4917600000000', sms_number: null },
      last_message_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      unread_count: 1,
    });
    push('conversation.created', fresh);
    await waitFor(() => expect(screen.getAllByTestId('conversation-row')[0]).toHaveTextContent('Jonas Becker'));
    // Resolved elsewhere: it leaves the list of open conversations.
    push('conversation.updated', {
      ...fresh,
      status: 'resolved',
      updated_at: new Date(Date.now() + 1000).toISOString(),
    });
    await waitFor(() => expect(screen.queryByText('Jonas Becker')).not.toBeInTheDocument());
    expect(state.listQueries.length).toBe(calls);
  });
});

describe('inbox: conversation', () => {
  it('shows each kind of message as it should look', async () => {
    backend({
      messages: [
        messageOf(1, { body: 'Hallo, ich habe eine Frage' }),
        messageOf(2, { direction: 'out', body: 'Gerne!', status: 'read', author_id: 1, author_name: 'Alex Agent' }),
        messageOf(3, {
          direction: 'out',
          kind: 'note',
          body: 'Stammkundin',
          status: 'sent',
          author_name: 'Alex Agent',
        }),
        messageOf(4, { kind: 'reaction', body: '👍', reply_to_id: 2 }),
        messageOf(5, {
          direction: 'out',
          body: 'Angebot',
          status: 'failed',
          error_code: '131047',
          error_title: 'Re-engagement message',
          author_name: 'Alex Agent',
        }),
        messageOf(6, { body: 'Zu Ihrer Antwort', reply_to_id: 2 }),
        messageOf(7, { kind: 'image', body: '', media: { state: 'pending' } }),
        messageOf(8, { kind: 'document', body: '', media: { state: 'failed', error: 'expired' } }),
        messageOf(9, { kind: 'document', body: '', media: { state: 'ready', filename: 'Rechnung.pdf', size: 2048 } }),
        messageOf(10, {
          kind: 'location',
          body: '',
          location: { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz' },
        }),
        messageOf(11, { kind: 'unsupported', body: '' }),
        messageOf(12, { direction: 'out', body: 'Unterwegs', status: 'queued', author_name: 'Alex Agent' }),
      ],
    });
    renderWithApp(<App />, { route: '/inbox/1' });
    await screen.findByText('Hallo, ich habe eine Frage');
    const byId = (id: number) => document.querySelector(`[data-message-id="${id}"]`) as HTMLElement;

    // Outbound: author and ticks; read is its own state.
    expect(within(byId(2)).getByTestId('message-author')).toHaveTextContent('Alex Agent');
    expect(within(byId(2)).getByTestId('message-ticks')).toHaveAttribute('data-status', 'read');
    expect(within(byId(12)).getByTestId('message-ticks')).toHaveAttribute('data-status', 'queued');
    // A note is labelled and has no ticks.
    expect(within(byId(3)).getByTestId('note-label')).toHaveTextContent('Note');
    expect(byId(3)).toHaveClass('msg-note');
    expect(within(byId(3)).queryByTestId('message-ticks')).not.toBeInTheDocument();
    // The reaction sits on the message it reacts to, not in a bubble of its own.
    expect(byId(4)).toBeNull();
    expect(within(byId(2)).getByTestId('message-reactions')).toHaveTextContent('👍');
    // A failure says why and offers a retry.
    expect(within(byId(5)).getByTestId('message-error')).toHaveTextContent('131047 · Re-engagement message');
    // A reply quotes what it answers.
    expect(within(byId(6)).getByTestId('message-quote')).toHaveTextContent('Gerne!');
    // Media: downloading, failed with the reason, a download link.
    expect(within(byId(7)).getByTestId('message-media-pending')).toHaveTextContent('Downloading…');
    expect(within(byId(8)).getByTestId('message-media-failed')).toHaveTextContent('expired');
    const doc = within(byId(9)).getByTestId('message-document');
    expect(doc).toHaveAttribute('href', '/api/messages/9/media');
    expect(doc).toHaveTextContent('Rechnung.pdf');
    // A location links to OpenStreetMap.
    const map = within(byId(10)).getByRole('link', { name: 'Open in OpenStreetMap' });
    expect(map.getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=52\.52&mlon=13\.405/);
    expect(byId(10)).toHaveTextContent('Alexanderplatz');
    expect(byId(11)).toHaveTextContent('Unsupported message');
  });

  it('retries a failed message', async () => {
    const { state } = backend({
      messages: [
        messageOf(5, { direction: 'out', body: 'Angebot', status: 'failed', error_code: '131026', author_name: 'A' }),
      ],
    });
    renderWithApp(<App />, { route: '/inbox/1' });
    await userEvent.setup().click(await screen.findByTestId('message-retry'));
    await waitFor(() => expect(state.retried).toEqual([5]));
    await waitFor(() =>
      expect(document.querySelector('[data-message-id="5"] [data-testid="message-ticks"]')).toHaveAttribute(
        'data-status',
        'queued',
      ),
    );
  });

  it('marks the conversation read when it is opened, and shows the contact', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    await screen.findByTestId('conversation-view');
    await waitFor(() => expect(state.reads).toBe(1));
    const panel = await screen.findByTestId('contact-panel');
    expect(within(panel).getByTestId('contact-whatsapp')).toHaveTextContent('+4915112345678');
    expect(within(panel).getByTestId('contact-sms')).toHaveTextContent('+4915112345678');
    const past = within(panel).getAllByTestId('contact-conversation');
    expect(past).toHaveLength(2);
    expect(past[1]).toHaveAttribute('href', '/inbox/7');
    expect(past[1]).toHaveTextContent('Resolved');
  });

  it('sends with Enter, adds a line with Shift+Enter, and sends notes as notes', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    const input = await screen.findByTestId('composer-input');
    const user = userEvent.setup();
    await user.type(input, 'Zeile eins{Shift>}{Enter}{/Shift}Zeile zwei');
    expect(input).toHaveValue('Zeile eins\nZeile zwei');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(state.posted).toEqual([{ kind: 'text', body: 'Zeile eins\nZeile zwei' }]));
    await waitFor(() => expect(input).toHaveValue(''));
    expect(await screen.findByText(/Zeile zwei/)).toBeInTheDocument();

    await user.click(screen.getByTestId('composer-mode-note'));
    await user.type(input, 'Nur für uns{Enter}');
    await waitFor(() => expect(state.posted.at(-1)).toEqual({ kind: 'note', body: 'Nur für uns' }));
    const note = await screen.findByText('Nur für uns');
    expect(note.closest('[data-testid="message"]')).toHaveAttribute('data-kind', 'note');
  });

  it('sends an attached file with its caption as a multipart form', async () => {
    backend();
    const forms: FormData[] = [];
    const current = fetch as unknown as (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.body instanceof FormData) {
        forms.push(init.body);
        return Promise.resolve(
          jsonResponse(
            messageOf(60, {
              direction: 'out',
              kind: 'document',
              body: 'Ihr Angebot',
              status: 'queued',
              author_name: 'Alex Agent',
              media: { state: 'ready', filename: 'angebot.pdf', size: 4, mime: 'application/pdf' },
            }),
            201,
          ),
        );
      }
      return current(input, init);
    });
    renderWithApp(<App />, { route: '/inbox/1' });
    const input = await screen.findByTestId('composer-input');
    const user = userEvent.setup();
    await user.upload(
      screen.getByTestId('composer-file-input'),
      new File(['%PDF'], 'angebot.pdf', { type: 'application/pdf' }),
    );
    expect(screen.getByTestId('composer-file')).toHaveTextContent('angebot.pdf');
    await user.type(input, 'Ihr Angebot{Enter}');
    await waitFor(() => expect(forms).toHaveLength(1));
    expect((forms[0]!.get('file') as File).name).toBe('angebot.pdf');
    expect(forms[0]!.get('body')).toBe('Ihr Angebot');
    expect(await screen.findByTestId('message-document')).toHaveTextContent('angebot.pdf');
    expect(screen.queryByTestId('composer-file')).not.toBeInTheDocument();
  });

  it('replies to a message: the quote shows above the composer and goes with the message', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    await screen.findByText('Hallo, ich habe eine Frage');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('message-reply'));
    expect(screen.getByTestId('composer-reply-to')).toHaveTextContent('Replying to Erika Muster');
    expect(screen.getByTestId('composer-reply-to')).toHaveTextContent('Hallo, ich habe eine Frage');
    await user.type(screen.getByTestId('composer-input'), 'Natürlich{Enter}');
    await waitFor(() => expect(state.posted).toEqual([{ kind: 'text', body: 'Natürlich', reply_to_id: 1 }]));
    await waitFor(() => expect(screen.queryByTestId('composer-reply-to')).not.toBeInTheDocument());
  });

  it('shows the server’s reason when sending fails, and keeps the text', async () => {
    backend();
    fakeApiOverride('POST /api/conversations/1/messages', () =>
      errorResponse(422, 'channel_disabled', 'this channel is disabled; an administrator can enable it in Settings'),
    );
    renderWithApp(<App />, { route: '/inbox/1' });
    const input = await screen.findByTestId('composer-input');
    await userEvent.setup().type(input, 'Hallo?{Enter}');
    expect(await screen.findByTestId('composer-error')).toHaveTextContent('this channel is disabled');
    expect(input).toHaveValue('Hallo?');
  });

  it('closes free text outside the 24-hour window but still takes notes', async () => {
    backend({
      conversations: [
        conversationOf(1, { window_expires_at: new Date(Date.now() - 60_000).toISOString(), window_open: false }),
      ],
    });
    renderWithApp(<App />, { route: '/inbox/1' });
    expect(await screen.findByTestId('window-banner')).toHaveAttribute('data-state', 'closed');
    expect(screen.getByTestId('composer-window-closed')).toHaveTextContent(
      'A template is needed to write to this contact',
    );
    expect(screen.getByTestId('composer-input')).toBeDisabled();
    expect(screen.getByTestId('composer-attach')).toBeDisabled();
    await userEvent.setup().click(screen.getByTestId('composer-mode-note'));
    expect(screen.getByTestId('composer-input')).toBeEnabled();
  });

  it('shows how long the window stays open', async () => {
    backend({
      conversations: [
        conversationOf(1, { window_expires_at: new Date(Date.now() + 3 * 3_600_000 + 20 * 60_000).toISOString() }),
      ],
    });
    renderWithApp(<App />, { route: '/inbox/1' });
    expect(await screen.findByTestId('window-banner')).toHaveTextContent(/3 h (19|20) min left/);
  });

  it('assigns to me and snoozes until tomorrow', async () => {
    const { state } = backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('assign-me'));
    await waitFor(() => expect(state.patches).toEqual([{ assignee_id: 1 }]));
    // Everyone conversations can go to, from GET /api/agents.
    const select = await screen.findByTestId('assignee-select');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Unassigned', 'Alex Agent (me)', 'Bea Boss']);
    await user.click(screen.getByTestId('status-menu'));
    await user.click(screen.getByTestId('snooze-tomorrow'));
    await waitFor(() => expect(state.patches).toHaveLength(2));
    const snooze = state.patches[1] as { status: string; snoozed_until: string };
    expect(snooze.status).toBe('snoozed');
    const until = new Date(snooze.snoozed_until);
    expect([until.getHours(), until.getMinutes()]).toEqual([9, 0]);
  });
});

describe('inbox: realtime', () => {
  it('shows new messages and delivery updates live, once each', async () => {
    backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    await screen.findByText('Hallo, ich habe eine Frage');
    await connectSocket();

    const reply = messageOf(2, {
      direction: 'out',
      body: 'Gerne',
      status: 'sent',
      author_name: 'Alex Agent',
      status_at: '2026-01-01T10:00:00Z',
    });
    push('message.created', reply);
    push('message.created', reply);
    expect(await screen.findAllByText('Gerne')).toHaveLength(1);
    // The status event carries no author name; it stays.
    const { author_name: _, ...read } = { ...reply, status: 'read' as const, status_at: '2026-01-01T10:00:09Z' };
    push('message.updated', read);
    const bubble = document.querySelector('[data-message-id="2"]') as HTMLElement;
    await waitFor(() => expect(within(bubble).getByTestId('message-ticks')).toHaveAttribute('data-status', 'read'));
    expect(within(bubble).getByTestId('message-author')).toHaveTextContent('Alex Agent');
    // A late "delivered" does not undo "read".
    push('message.updated', { ...reply, status: 'delivered' });
    expect(within(bubble).getByTestId('message-ticks')).toHaveAttribute('data-status', 'read');
  });

  it('shows who else is typing and viewing, and tells others it is viewing', async () => {
    backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    await screen.findByTestId('conversation-view');
    await connectSocket();
    await waitFor(() => expect(socket().sent).toContainEqual({ type: 'viewing', conversation_id: 1 }));

    push('typing', { conversation_id: 1, user_id: 2, user_name: 'Anna', state: 'typing' });
    expect(await screen.findByText('Anna is typing…')).toBeInTheDocument();
    push('typing', { conversation_id: 1, user_id: 1, user_name: 'Alex Agent', state: 'typing' });
    expect(screen.queryByText(/Alex Agent is typing/)).not.toBeInTheDocument();
    push('presence', { conversation_id: 1, user_id: 2, user_name: 'Anna', state: 'viewing' });
    expect(await screen.findByTestId('viewing-indicator')).toHaveTextContent('Also viewing: Anna');
  });

  it('sends "typing" while the agent types, at most every 3 seconds', async () => {
    backend();
    renderWithApp(<App />, { route: '/inbox/1' });
    const input = await screen.findByTestId('composer-input');
    await connectSocket();
    const typing = () => socket().sent.filter((m) => (m as { type: string }).type === 'typing');
    fireEvent.change(input, { target: { value: 'H' } });
    fireEvent.change(input, { target: { value: 'Ha' } });
    fireEvent.change(input, { target: { value: 'Hal' } });
    expect(typing()).toEqual([{ type: 'typing', conversation_id: 1 }]);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 3_100);
    fireEvent.change(input, { target: { value: 'Hall' } });
    expect(typing()).toHaveLength(2);
  });

  it('after a lost connection shows "Reconnecting…" and fetches what it missed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { state } = backend();
      renderWithApp(<App />, { route: '/inbox/1' });
      await screen.findByText('Hallo, ich habe eine Frage');
      await connectSocket();

      act(() => socket().drop());
      expect(await screen.findByTestId('realtime-status')).toHaveTextContent('Reconnecting…');
      state.messages = [...state.messages, messageOf(2, { body: 'Erste' }), messageOf(3, { body: 'Zweite' })];
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_100);
      });
      act(() => socket().accept());

      expect(await screen.findByText('Zweite')).toBeInTheDocument();
      expect(state.messageQueries.some((q) => q.get('after') === '1')).toBe(true);
      await waitFor(() => expect(screen.queryByTestId('realtime-status')).not.toBeInTheDocument());
      const texts = screen.getAllByTestId('message-body').map((n) => n.textContent);
      expect(texts).toEqual(['Hallo, ich habe eine Frage', 'Erste', 'Zweite']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('inbox: alerts', () => {
  it('notifies about an inbound message in another conversation, and not about the open one', async () => {
    const shown: Array<{ title: string; body?: string }> = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = vi.fn();
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    localStorage.setItem(ALERTS_STORAGE_KEY, JSON.stringify({ desktop: true, sound: false }));
    backend();
    renderWithApp(<App />, { route: '/inbox/2' });
    await screen.findAllByTestId('conversation-row');
    await connectSocket();

    push('message.created', messageOf(50, { conversation_id: 1, body: 'Sind Sie da?' }));
    await waitFor(() => expect(shown).toEqual([{ title: 'Erika Muster', body: 'Sind Sie da?' }]));
    push('message.created', messageOf(50, { conversation_id: 1, body: 'Sind Sie da?' })); // repeated event
    push('message.created', messageOf(51, { conversation_id: 2, body: 'Hier, offen' })); // the open one
    push('message.created', messageOf(52, { conversation_id: 1, direction: 'out', body: 'Von uns' }));
    push('message.created', messageOf(53, { conversation_id: 1, body: 'STOP', extra: { keyword: 'stop' } })); // a keyword
    push('message.created', messageOf(54, { conversation_id: 1, body: 'Noch da?' }));
    await waitFor(() => expect(shown).toHaveLength(2));
    expect(shown[1]).toEqual({ title: 'Erika Muster', body: 'Noch da?' });
  });

  it('asks for notification permission only when the agent clicks, and remembers the sound choice', async () => {
    const requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
    vi.stubGlobal('Notification', { permission: 'default', requestPermission });
    backend();
    renderWithApp(<App />, { route: '/inbox' });
    const bell = await screen.findByTestId('notifications-toggle');
    expect(requestPermission).not.toHaveBeenCalled();
    const user = userEvent.setup();
    await user.click(bell);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(bell).toHaveAttribute('data-permission', 'granted'));

    await user.click(screen.getByTestId('sound-toggle'));
    expect(JSON.parse(localStorage.getItem(ALERTS_STORAGE_KEY)!)).toMatchObject({ sound: false });
    expect(screen.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'false');
  });
});

/** Replaces one route of the current fake API. */
function fakeApiOverride(route: string, handler: () => Response) {
  const current = fetch as unknown as (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`;
    return key === route ? Promise.resolve(handler()) : current(input, init);
  });
}
