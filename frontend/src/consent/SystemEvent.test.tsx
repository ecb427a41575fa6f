import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../auth/session';
import i18n from '../i18n';
import { ContactPanel } from '../inbox/ContactPanel';
import { MessageBubble } from '../inbox/MessageBubble';
import { messageOf } from '../inbox/testData';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { SystemEvent } from './SystemEvent';

afterEach(() => vi.unstubAllGlobals());

const system = (extra: unknown, body = 'left NEWS') => messageOf(1, { kind: 'system', direction: 'out', body, extra });

describe('system messages of keyword events', () => {
  it.each([
    [{ event: 'group.joined', group: 'NEWS' }, 'Joined NEWS', 'NEWS beigetreten'],
    [{ event: 'group.left', group: 'NEWS' }, 'Left NEWS', 'NEWS verlassen'],
    [{ event: 'consent.stopped' }, 'Unsubscribed (STOP): consent revoked', 'Abgemeldet (STOP): Freigabe widerrufen'],
    [{ event: 'consent.started' }, 'Subscribed again (START)', 'Wieder angemeldet (START)'],
    [{ event: 'keyword.unknown' }, 'Unknown keyword', 'Unbekanntes Stichwort'],
  ])('renders %o as a centred line in English and German', async (extra, english, german) => {
    const { rerender } = render(<SystemEvent message={system(extra)} />);
    expect(screen.getByTestId('system-event')).toHaveTextContent(english);
    expect(screen.getByRole('note')).toHaveClass('msg-system');
    await i18n.changeLanguage('de');
    rerender(<SystemEvent message={system(extra)} />);
    expect(screen.getByTestId('system-event')).toHaveTextContent(german);
  });

  it('falls back to the body for an event it does not know', () => {
    render(<SystemEvent message={system({ event: 'something.new' }, 'did something')} />);
    expect(screen.getByTestId('system-event')).toHaveTextContent('did something');
  });
});

describe('refused sends', () => {
  it.each([
    ['no_consent', 'has not agreed to receive WhatsApp messages'],
    ['opted_out', 'has opted out (STOP)'],
  ])('explain %s on the failed bubble', (code, text) => {
    const failed = messageOf(2, { direction: 'out', status: 'failed', error_code: code, author_name: 'Alex' });
    render(
      <MessageBubble
        message={failed}
        quoted={undefined}
        reactions={[]}
        onReply={() => {}}
        onRetry={() => {}}
        retrying={false}
        contactName="Anna"
      />,
    );
    expect(screen.getByTestId('message-error')).toHaveTextContent(text);
  });
});

describe('consent on the contact panel', () => {
  function panel(contact: Record<string, unknown>, permissions: string[]) {
    fakeApi({
      'GET /api/contacts/7': () =>
        jsonResponse({
          id: 7,
          name: 'Anna Berger',
          whatsapp_number: '+436641111111',
          sms_number: null,
          attributes: {},
          created_at: '2026-12-01T10:00:00Z',
          conversations: [],
          ...contact,
        }),
      'GET /api/contacts/7/labels': () => jsonResponse({ items: [] }),
      'GET /api/labels': () => jsonResponse({ items: [] }),
      'GET /api/conversations/3/routing': () => jsonResponse({ items: [] }),
    });
    return renderWithApp(
      <SessionContext.Provider value={meOf('agent', permissions)}>
        <ContactPanel contactId={7} currentConversationId={3} onClose={() => {}} />
      </SessionContext.Provider>,
    );
  }

  it('shows the state per kind from the contact JSON', async () => {
    panel(
      {
        consents: {
          whatsapp: { state: 'granted', source: 'keyword', changed_at: '2026-12-04T10:00:00Z' },
          sms: null,
        },
      },
      ['conversations:read'],
    );
    const badges = await screen.findByTestId('consent-badges');
    expect(within(within(badges).getByTestId('consent-whatsapp')).getByTestId('consent-state')).toHaveTextContent(
      'Granted',
    );
    expect(within(badges).getByTestId('consent-whatsapp')).toHaveTextContent('Keyword');
    expect(within(within(badges).getByTestId('consent-sms')).getByTestId('consent-state')).toHaveTextContent(
      'No record',
    );
    // Agents see the state, not the history.
    expect(screen.queryByTestId('consent-history-whatsapp')).not.toBeInTheDocument();
  });

  it('shows nothing about consent when an older server leaves it out', async () => {
    panel({}, ['conversations:read', 'consent:read']);
    expect(await screen.findByTestId('contact-name')).toHaveTextContent('Anna Berger');
    expect(screen.queryByTestId('consent-badges')).not.toBeInTheDocument();
  });
});
