import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../auth/session';
import { ContactDialog } from '../contacts/ContactDialog';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { phoneBookContact } from './testData';

afterEach(() => vi.unstubAllGlobals());

describe('consent on the contact detail', () => {
  it('shows the state per kind and the history of the number in a dialog on top of the contact', async () => {
    fakeApi({
      'GET /api/contacts/7': () =>
        jsonResponse({
          ...phoneBookContact(7, 'Anna Berger', { whatsapp_number: '+436641111111' }),
          conversations: [],
          consents: {
            whatsapp: { state: 'revoked', source: 'keyword', changed_at: '2026-12-04T10:00:00Z' },
            sms: null,
          },
        }),
      'GET /api/contact-attributes': () => jsonResponse({ items: [] }),
      'GET /api/contacts/7/labels': () => jsonResponse({ items: [] }),
      'GET /api/labels': () => jsonResponse({ items: [] }),
      'GET /api/consents/history': () =>
        jsonResponse({
          items: [
            {
              id: 1,
              number: '+436641111111',
              channel_kind: 'whatsapp',
              state: 'revoked',
              source: 'keyword',
              detail: 'STOP',
              note: '',
              user_id: null,
              at: '2026-12-04T10:00:00Z',
            },
          ],
        }),
    });
    const closeContact = vi.fn();
    renderWithApp(
      <SessionContext.Provider value={meOf('supervisor', ['contacts:read', 'consent:read'])}>
        <ContactDialog contactId={7} onClose={closeContact} />
      </SessionContext.Provider>,
    );
    const badges = await screen.findByTestId('consent-badges');
    expect(within(badges).getByTestId('consent-whatsapp')).toHaveTextContent('Revoked');
    expect(within(badges).queryByTestId('consent-history-sms')).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(within(badges).getByTestId('consent-history-whatsapp'));
    const history = await screen.findByTestId('consent-history');
    expect(await within(history).findByTestId('consent-history-entry')).toHaveTextContent('Keyword · STOP');

    // Tab stays in the history, the dialog on top; Escape closes only it.
    await user.tab();
    await user.tab();
    expect(history.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('consent-history')).not.toBeInTheDocument());
    expect(closeContact).not.toHaveBeenCalled();
  });
});
