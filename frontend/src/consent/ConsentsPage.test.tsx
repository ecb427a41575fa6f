import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { CONSENT_READ, CONSENT_WRITE, consentOf } from './testData';

afterEach(() => vi.unstubAllGlobals());

function consentsApi(permissions: string[]) {
  const lists: URL[] = [];
  const revokes: unknown[] = [];
  const adds: unknown[] = [];
  let revoked = false;
  fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', permissions)),
    'GET /api/consents': (_, url) => {
      lists.push(url);
      const first = url.searchParams.get('cursor') === null;
      const items = first
        ? [
            consentOf({ state: revoked ? 'revoked' : 'granted' }),
            consentOf({
              number: '+4915112345678',
              channel_kind: 'sms',
              source: 'import',
              detail: 'kunden.xlsx',
              contact: null,
            }),
          ]
        : [consentOf({ number: '+436649999999', source: 'agent', note: 'signed at the counter', contact: null })];
      return jsonResponse({ items, next_cursor: first ? 'c2' : null });
    },
    'POST /api/consents/revoke': (body) => {
      revokes.push(body);
      revoked = true;
      return jsonResponse(consentOf({ state: 'revoked', source: 'agent' }));
    },
    'POST /api/consents': (body) => {
      adds.push(body);
      return jsonResponse(consentOf({ source: 'agent' }), 201);
    },
    'GET /api/consents/history': (_, url) =>
      jsonResponse({
        items: [
          {
            id: 2,
            number: url.searchParams.get('number'),
            channel_kind: 'whatsapp',
            state: 'granted',
            source: 'keyword',
            detail: 'START NEWS',
            note: '',
            user_id: null,
            at: '2026-12-04T10:00:00Z',
          },
          {
            id: 1,
            number: url.searchParams.get('number'),
            channel_kind: 'whatsapp',
            state: 'revoked',
            source: 'provider',
            detail: '131050',
            note: '',
            user_id: null,
            at: '2026-12-01T10:00:00Z',
          },
        ],
      }),
  });
  return { lists, revokes, adds };
}

describe('consents page', () => {
  it('lists numbers formatted with contact, state and the translated source with its detail; loads more', async () => {
    const { lists } = consentsApi(CONSENT_READ);
    renderWithApp(<App />, { route: '/consents' });
    const row = await screen.findByTestId('consent-row-whatsapp:+436641111111');
    expect(row).toHaveTextContent('+43 664 1111111');
    expect(row).toHaveTextContent('Anna Berger');
    expect(within(row).getByTestId('consent-state')).toHaveTextContent('Granted');
    expect(within(row).getByTestId('consent-source')).toHaveTextContent('Keyword · START NEWS');
    const sms = screen.getByTestId('consent-row-sms:+4915112345678');
    expect(sms).toHaveTextContent('+49 151 12345678');
    expect(sms).toHaveTextContent('Import · kunden.xlsx');

    const user = userEvent.setup();
    await user.click(screen.getByTestId('load-more'));
    expect(await screen.findByTestId('consent-row-whatsapp:+436649999999')).toHaveTextContent(
      'By hand · signed at the counter',
    );
    expect(lists.at(-1)?.searchParams.get('cursor')).toBe('c2');
  });

  it('sends search and filters to the server and to the export links', async () => {
    const { lists } = consentsApi(CONSENT_READ);
    renderWithApp(<App />, { route: '/consents' });
    await screen.findByTestId('consents-table');
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('consent-filter-state'), 'revoked');
    await user.selectOptions(screen.getByTestId('consent-filter-source'), 'keyword');
    await user.selectOptions(screen.getByTestId('consent-filter-channel_kind'), 'whatsapp');
    await user.type(screen.getByTestId('consent-search'), 'Anna');
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('q')).toBe('Anna'));
    const last = lists.at(-1)!.searchParams;
    expect([last.get('state'), last.get('source'), last.get('channel_kind')]).toEqual([
      'revoked',
      'keyword',
      'whatsapp',
    ]);
    const csv = screen.getByTestId('consent-export-csv').getAttribute('href')!;
    expect(csv).toContain('/api/consents/export?format=csv');
    expect(csv).toContain('state=revoked');
    expect(csv).toContain('q=Anna');
    expect(screen.getByTestId('consent-export-xlsx').getAttribute('href')).toContain('format=xlsx');
  });

  it('revokes with a reason in a focus-trapped dialog and shows the new state', async () => {
    const { revokes } = consentsApi(CONSENT_WRITE);
    renderWithApp(<App />, { route: '/consents' });
    await screen.findByTestId('consents-table');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-menu-whatsapp:+436641111111'));
    await user.click(screen.getByTestId('menu-revoke'));
    const dialog = await screen.findByTestId('consent-revoke-dialog');
    expect(dialog).toHaveTextContent('+43 664 1111111 will no longer receive WhatsApp messages');
    const reason = within(dialog).getByTestId('consent-revoke-reason');
    expect(reason).toHaveFocus();
    expect(within(dialog).getByTestId('consent-revoke-submit')).toBeDisabled();
    await user.type(reason, 'Asked by phone');

    // Tab cycles inside the dialog: past the last button back to the first control.
    await user.tab();
    await user.tab();
    expect(within(dialog).getByTestId('consent-revoke-submit')).toHaveFocus();
    await user.tab();
    expect(document.activeElement).toHaveClass('dialog-close');
    await user.tab({ shift: true });
    expect(within(dialog).getByTestId('consent-revoke-submit')).toHaveFocus();

    await user.click(within(dialog).getByTestId('consent-revoke-submit'));
    await waitFor(() => expect(screen.queryByTestId('consent-revoke-dialog')).not.toBeInTheDocument());
    expect(revokes).toEqual([{ number: '+436641111111', channel_kind: 'whatsapp', reason: 'Asked by phone' }]);
    await waitFor(() =>
      expect(
        within(screen.getByTestId('consent-row-whatsapp:+436641111111')).getByTestId('consent-state'),
      ).toHaveTextContent('Revoked'),
    );
  });

  it('records a consent by hand with a note', async () => {
    const { adds } = consentsApi(CONSENT_WRITE);
    renderWithApp(<App />, { route: '/consents' });
    await screen.findByTestId('consents-table');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-add'));
    const dialog = await screen.findByTestId('consent-add-dialog');
    await user.type(within(dialog).getByTestId('consent-add-number'), '0664 1234567');
    await user.selectOptions(within(dialog).getByTestId('consent-add-kind'), 'sms');
    await user.type(within(dialog).getByTestId('consent-add-note'), 'Signed form');
    await user.click(within(dialog).getByTestId('consent-add-submit'));
    await waitFor(() => expect(adds).toHaveLength(1));
    expect(adds[0]).toEqual({ number: '0664 1234567', channel_kind: 'sms', state: 'granted', note: 'Signed form' });
  });

  it('shows the history of a number, newest first', async () => {
    consentsApi(CONSENT_READ);
    renderWithApp(<App />, { route: '/consents' });
    await screen.findByTestId('consents-table');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-menu-whatsapp:+436641111111'));
    await user.click(screen.getByTestId('menu-history'));
    const entries = await screen.findAllByTestId('consent-history-entry');
    expect(entries.map((e) => e.textContent)).toEqual([
      expect.stringContaining('Keyword · START NEWS'),
      expect.stringContaining('Provider · 131050'),
    ]);
  });

  it('offers neither adding nor revoking without consent:write', async () => {
    consentsApi(CONSENT_READ);
    renderWithApp(<App />, { route: '/consents' });
    await screen.findByTestId('consents-table');
    expect(screen.queryByTestId('consent-add')).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByTestId('consent-menu-whatsapp:+436641111111'));
    expect(screen.queryByTestId('menu-revoke')).not.toBeInTheDocument();
    expect(screen.getByTestId('menu-history')).toBeInTheDocument();
  });

  it('is not open to users without consent:read', async () => {
    consentsApi(['conversations:read']);
    renderWithApp(<App />, { route: '/consents' });
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
  });
});
