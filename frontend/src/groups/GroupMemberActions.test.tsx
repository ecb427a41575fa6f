import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { ContactImport } from '../api/contacts';
import { GROUPS_WRITE, groupOf, memberOf, phoneBookContact } from '../consent/testData';
import i18n from '../i18n';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage('en');
});

// The first render of the whole app can take more than findBy's second on a busy machine.
const LOAD = { timeout: 5000 };
const ALL = [...GROUPS_WRITE, 'contacts:import', 'contacts:export', 'labels:read'];

const preview = {
  format: 'csv',
  delimiter: ';',
  encoding: 'utf-8',
  headers: ['Name', 'WhatsApp', 'Freigabe'],
  rows: [['Anna Berger', '+436641234567', 'ja']],
  suggested_mapping: { Name: 'name', WhatsApp: 'whatsapp_number', Freigabe: 'whatsapp_consent' },
};

function groupApi(permissions = ALL) {
  const added: unknown[] = [];
  const lists: URL[] = [];
  const forms: FormData[] = [];
  let members = [memberOf(1)];
  const done: ContactImport = {
    id: 9,
    status: 'done',
    file_name: 'messe.csv',
    total: 1,
    imported: 1,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
  };
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', permissions)),
    'GET /api/groups': () => jsonResponse({ items: [groupOf(5)] }),
    'GET /api/groups/5': () => jsonResponse(groupOf(5, { reach: { ...groupOf(5).reach, members: members.length } })),
    'GET /api/groups/5/members': () => jsonResponse({ items: members, next_cursor: null }),
    'GET /api/groups/5/history': () => jsonResponse({ items: [] }),
    'GET /api/labels': () =>
      jsonResponse({ items: [{ id: 3, name: 'Messe', color: '#336699', created_at: '2026-01-01T00:00:00Z' }] }),
    'GET /api/contact-attributes': () => jsonResponse({ items: [] }),
    'GET /api/contacts': (_, url) => {
      lists.push(url);
      return jsonResponse({
        items: [phoneBookContact(3, 'Clara Weiss'), phoneBookContact(4, 'Dora Maier')],
        next_cursor: 'more',
      });
    },
    'POST /api/groups/5/members': (body) => {
      added.push(body);
      members = [...members, memberOf(3, { name: 'Clara Weiss', source: 'user' })];
      return jsonResponse({ affected: 37 });
    },
    'GET /api/contacts/imports/9': () => {
      members = [...members, memberOf(8, { name: 'Anna Berger', source: 'import' })];
      return jsonResponse(done);
    },
  });
  // Multipart bodies are FormData, which fakeApi does not decode: catch them here.
  const base = fetchMock.getMockImplementation()!;
  fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === '/api/contacts/imports' && init?.body instanceof FormData) {
      forms.push(init.body);
      return init.body.get('preview') === 'true' ? jsonResponse(preview) : jsonResponse({ id: 9 }, 202);
    }
    return base(input, init);
  });
  return { added, lists, forms };
}

describe('group members: export, add by filter, import', () => {
  it('links the members export as CSV and XLSX, filtered by the group', async () => {
    groupApi();
    renderWithApp(<App />, { route: '/groups/5' });
    const csv = await screen.findByTestId('members-export-csv', undefined, LOAD);
    expect(csv).toHaveAttribute('href', '/api/contacts/export?group_id=5&format=csv');
    expect(csv).toHaveAttribute('download');
    expect(csv).toHaveTextContent('Export members (CSV)');
    expect(screen.getByTestId('members-export-xlsx')).toHaveAttribute(
      'href',
      '/api/contacts/export?group_id=5&format=xlsx',
    );
  });

  it('adds every contact the status, WhatsApp, SMS and label filters match, and says how many', async () => {
    const { added, lists } = groupApi();
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table', undefined, LOAD);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('members-add-filter'));
    const dialog = await screen.findByTestId('add-by-filter-dialog');
    // No filter yet: the dialog warns that the whole phone book would join.
    expect(within(dialog).getByTestId('add-by-filter-everyone')).toBeInTheDocument();

    await user.selectOptions(within(dialog).getByTestId('filter-status'), 'active');
    await user.selectOptions(await within(dialog).findByTestId('label-filter'), '3');
    await user.click(within(dialog).getByTestId('filters-more'));
    await user.selectOptions(within(dialog).getByTestId('filter-has_whatsapp'), 'true');
    await user.selectOptions(within(dialog).getByTestId('filter-has_sms'), 'false');
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('has_sms')).toBe('false'));
    const asked = lists.at(-1)!.searchParams;
    expect([asked.get('status'), asked.get('label_id'), asked.get('has_whatsapp')]).toEqual(['active', '3', 'true']);
    expect(within(dialog).queryByTestId('add-by-filter-everyone')).not.toBeInTheDocument();
    expect(
      within(dialog)
        .getAllByTestId('add-by-filter-match')
        .map((m) => m.textContent),
    ).toEqual(['Clara Weiss', 'Dora Maier']);
    expect(within(dialog).getByTestId('add-by-filter-preview')).toHaveTextContent('and more');

    await user.click(within(dialog).getByTestId('add-by-filter-submit'));
    expect(await within(dialog).findByTestId('add-by-filter-result')).toHaveTextContent(
      '37 contacts added to the group.',
    );
    expect(added).toEqual([{ filter: { status: 'active', label_id: 3, has_whatsapp: true, has_sms: false } }]);
    await user.click(within(dialog).getByTestId('add-by-filter-close'));
    expect(await screen.findByTestId('member-row-3')).toHaveTextContent('Clara Weiss');
  });

  it('imports into the group: the wizard names it and sends group_id with the file', async () => {
    const { forms } = groupApi();
    await i18n.changeLanguage('de');
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table', undefined, LOAD);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('members-import'));
    const wizard = await screen.findByTestId('import-wizard');
    expect(within(wizard).getByRole('heading', { name: 'Kontakte in Newsletter importieren' })).toBeInTheDocument();
    expect(within(wizard).getByTestId('import-group')).toHaveTextContent('tritt der Gruppe Newsletter bei');

    await user.upload(within(wizard).getByTestId('import-file'), new File(['Name;WhatsApp'], 'messe.csv'));
    await user.click(within(wizard).getByTestId('import-preview'));
    const mapping = await within(wizard).findByTestId('import-mapping');
    expect(within(mapping).getByTestId('import-group')).toHaveTextContent('Newsletter');
    expect(within(mapping).getByTestId('import-map-Freigabe')).toHaveValue('whatsapp_consent');
    expect(within(mapping).getByTestId('import-map-Freigabe')).toHaveDisplayValue('WhatsApp-Freigabe (ja/nein)');
    await user.click(within(mapping).getByTestId('import-start'));

    await waitFor(() => expect(screen.queryByTestId('import-wizard')).not.toBeInTheDocument());
    expect(forms[0]!.get('group_id')).toBeNull();
    const start = forms.at(-1)!;
    expect(start.get('group_id')).toBe('5');
    expect(start.get('preview')).toBeNull();
    expect(await screen.findByTestId('import-summary')).toBeInTheDocument();
    // The finished import refreshes the members.
    expect(await screen.findByTestId('member-row-8')).toHaveTextContent('Anna Berger');
  });

  it('gates each action by its permission', async () => {
    groupApi([...GROUPS_WRITE, 'contacts:export']);
    const { unmount } = renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table', undefined, LOAD);
    expect(screen.getByTestId('members-add-filter')).toBeInTheDocument();
    expect(screen.getByTestId('members-export-csv')).toBeInTheDocument();
    expect(screen.queryByTestId('members-import')).not.toBeInTheDocument();
    unmount();
    vi.unstubAllGlobals();

    // A supervisor imports contacts but does not change groups: no import into one.
    groupApi(['groups:read', 'contacts:read', 'contacts:import']);
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table', undefined, LOAD);
    expect(screen.queryByTestId('members-add-filter')).not.toBeInTheDocument();
    expect(screen.queryByTestId('members-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('members-export-csv')).not.toBeInTheDocument();
  });
});
