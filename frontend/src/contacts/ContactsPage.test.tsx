import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { CONTACTS_PERMISSIONS, MANAGER_PERMISSIONS, cityAttr, contactOf } from './testData';

afterEach(() => vi.unstubAllGlobals());

function contactsApi(permissions: string[], saved: unknown = null) {
  const lists: URL[] = [];
  const puts: unknown[] = [];
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', permissions)),
    'GET /api/contact-attributes': () => jsonResponse({ items: [cityAttr] }),
    'GET /api/me/preferences/contacts.columns': () => jsonResponse(saved),
    'PUT /api/me/preferences/contacts.columns': (body) => {
      puts.push(body);
      return jsonResponse(body);
    },
    'GET /api/labels': () => jsonResponse({ items: [] }),
    'GET /api/contacts': (_, url) => {
      lists.push(url);
      const items = [
        contactOf(1, 'Anna Berger', { whatsapp_number: '+436641111111', whatsapp_number_formatted: '+43 664 1111111' }),
        contactOf(2, 'Bernd Huber', { blocked: true, status: 'inactive' }),
      ];
      return jsonResponse({
        items: url.searchParams.get('sort')?.startsWith('-') ? items.reverse() : items,
        next_cursor: null,
      });
    },
  });
  return { lists, puts, fetchMock };
}

describe('contacts table', () => {
  it('sorts on the server: a header click asks ascending, a second descending, with aria-sort', async () => {
    const { lists } = contactsApi(CONTACTS_PERMISSIONS);
    renderWithApp(<App />, { route: '/contacts' });
    const table = await screen.findByTestId('contacts-table');
    expect(within(table).getByTestId('contact-row-1')).toHaveTextContent('Anna Berger');
    expect(within(table).getByTestId('contact-row-1')).toHaveTextContent('+43 664 1111111');
    expect(within(table).getByTestId('contact-row-1')).toHaveTextContent('Wien');
    const user = userEvent.setup();

    const header = () => screen.getByRole('columnheader', { name: /Last chat/ });
    expect(header()).toHaveAttribute('aria-sort', 'none');
    await user.click(screen.getByTestId('sort-last_chat_at'));
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('sort')).toBe('last_chat_at'));
    expect(header()).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByTestId('sort-last_chat_at'));
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('sort')).toBe('-last_chat_at'));
    expect(header()).toHaveAttribute('aria-sort', 'descending');
    await waitFor(() =>
      expect(screen.getAllByTestId(/^contact-row-/)[0]).toHaveAttribute('data-testid', 'contact-row-2'),
    );

    await user.click(screen.getByTestId('sort-name'));
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('sort')).toBe('name'));
    expect(header()).toHaveAttribute('aria-sort', 'none');
  }, 15_000);

  it('hides a column and remembers it for the user', async () => {
    const { puts } = contactsApi(CONTACTS_PERMISSIONS);
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contacts-table');
    const user = userEvent.setup();
    expect(screen.getByRole('columnheader', { name: 'Labels' })).toBeInTheDocument();

    await user.click(screen.getByTestId('column-settings'));
    await user.click(screen.getByTestId('column-toggle-labels'));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toEqual({
      order: ['name', 'numbers', 'status', 'blocked', 'labels', 'first_contact_at', 'last_chat_at', 'attr.city'],
      hidden: ['labels'],
    });
    expect(screen.queryByRole('columnheader', { name: 'Labels' })).not.toBeInTheDocument();
    expect(screen.getByTestId('column-toggle-name')).toBeDisabled();
  });

  it('starts from the saved layout: hidden columns stay hidden, the order is kept', async () => {
    contactsApi(CONTACTS_PERMISSIONS, { order: ['attr.city', 'name'], hidden: ['numbers'] });
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contacts-table');
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(1, 3)).toEqual(['City', 'Name']);
    expect(screen.queryByRole('columnheader', { name: 'Numbers' })).not.toBeInTheDocument();
  });

  it('sends the filters to the server and selects all matching for bulk actions', async () => {
    const { lists, fetchMock } = contactsApi(MANAGER_PERMISSIONS);
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contacts-table');
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('filter-status'), 'inactive');
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('status')).toBe('inactive'));
    await user.type(screen.getByTestId('contacts-search'), 'Bernd');
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('q')).toBe('Bernd'));

    await user.click(screen.getByTestId('select-all'));
    expect(screen.getByTestId('bulk-bar')).toHaveTextContent('2 contacts selected');
    expect(screen.getByTestId('bulk-export-xlsx').getAttribute('href')).toContain('ids=1%2C2');
    const csv = screen.getByTestId('contacts-export-csv').getAttribute('href')!;
    expect(csv).toContain('format=csv');
    expect(csv).toContain('status=inactive');
    expect(csv).toContain('columns=name%2Csms_number%2Cwhatsapp_number');
    expect(fetchMock).toHaveBeenCalled();
  });

  it('shows agents neither import, export nor delete', async () => {
    contactsApi(CONTACTS_PERMISSIONS);
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contacts-table');
    expect(screen.queryByTestId('contacts-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contacts-export-csv')).not.toBeInTheDocument();
    expect(screen.queryByTestId('contacts-export-xlsx')).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId('contact-row-1')).getByTestId('contact-menu'));
    expect(screen.getByRole('menuitem', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it('says how many conversations go with a deleted contact', async () => {
    const { fetchMock } = contactsApi(MANAGER_PERMISSIONS);
    const base = fetchMock.getMockImplementation()!;
    let deleted = false;
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      if (url.pathname === '/api/contacts/1' && (init?.method ?? 'GET') === 'GET') {
        return jsonResponse({ ...contactOf(1, 'Anna Berger'), conversation_count: 3 });
      }
      if (url.pathname === '/api/contacts/1' && init?.method === 'DELETE') {
        deleted = true;
        return new Response(null, { status: 204 });
      }
      return base(input, init);
    });
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contacts-table');
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId('contact-row-1')).getByTestId('contact-menu'));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(await screen.findByTestId('delete-contact-text')).toHaveTextContent('together with its 3 conversations');
    await user.click(screen.getByTestId('delete-contact-confirm'));
    await waitFor(() => expect(deleted).toBe(true));
  });
});
