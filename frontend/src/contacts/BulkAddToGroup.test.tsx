import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { groupOf } from '../consent/testData';
import i18n from '../i18n';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { MANAGER_PERMISSIONS, cityAttr, contactOf } from './testData';

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage('en');
});

// The first render of the whole app can take more than findBy's second on a busy machine.
const LOAD = { timeout: 5000 };
const WITH_GROUPS = [...MANAGER_PERMISSIONS, 'groups:read', 'groups:write'];

function bulkApi(permissions = WITH_GROUPS) {
  const lists: URL[] = [];
  const added: { id: string; body: unknown }[] = [];
  fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', permissions)),
    'GET /api/contact-attributes': () => jsonResponse({ items: [cityAttr] }),
    'GET /api/me/preferences/contacts.columns': () => jsonResponse(null),
    'GET /api/labels': () => jsonResponse({ items: [] }),
    'GET /api/groups': () =>
      jsonResponse({
        items: [groupOf(5, { kind: 'whatsapp' }), groupOf(6, { name: 'VIP', kind: 'sms', keyword: null })],
      }),
    'GET /api/contacts': (_, url) => {
      lists.push(url);
      // More pages exist, so "all matching" can be chosen.
      return jsonResponse({ items: [contactOf(1, 'Anna Berger'), contactOf(2, 'Bernd Huber')], next_cursor: 'next' });
    },
    'POST /api/groups/5/members': (body) => {
      added.push({ id: '5', body });
      return jsonResponse({ affected: 2 });
    },
    'POST /api/groups/6/members': (body) => {
      added.push({ id: '6', body });
      return jsonResponse({ affected: 140 });
    },
  });
  return { lists, added };
}

describe('contacts bulk bar: add to group', () => {
  it('adds the selected contacts to the group chosen, with its kind shown, and says how many joined', async () => {
    const { added } = bulkApi();
    renderWithApp(<App />, { route: '/contacts' });
    const user = userEvent.setup();
    await user.click(within(await screen.findByTestId('contact-row-1', undefined, LOAD)).getByTestId('select-row'));
    await user.click(within(screen.getByTestId('contact-row-2')).getByTestId('select-row'));
    await user.click(screen.getByTestId('bulk-add-to-group'));

    const dialog = await screen.findByTestId('add-to-group-dialog', undefined, LOAD);
    expect(within(dialog).getByTestId('add-to-group-who')).toHaveTextContent('The 2 selected contacts join');
    const kinds = await within(dialog).findAllByTestId('group-kind', undefined, LOAD);
    expect(kinds.map((k) => k.textContent)).toEqual(['WhatsApp', 'SMS']);
    expect(within(dialog).getByTestId('add-to-group-submit')).toBeDisabled();

    await user.click(within(dialog).getByTestId('add-to-group-5'));
    await user.click(within(dialog).getByTestId('add-to-group-submit'));
    expect(await within(dialog).findByTestId('add-to-group-result')).toHaveTextContent('2 contacts joined Newsletter.');
    expect(added).toEqual([{ id: '5', body: { contact_ids: [1, 2] } }]);
    await user.click(within(dialog).getByTestId('add-to-group-close'));
    expect(screen.queryByTestId('add-to-group-dialog')).not.toBeInTheDocument();
  });

  it('adds every contact matching the filter, the group filter included, as the filter and not as ids', async () => {
    const { added, lists } = bulkApi();
    await i18n.changeLanguage('de');
    renderWithApp(<App />, { route: '/contacts' });
    await screen.findByTestId('contact-row-1', undefined, LOAD);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('filter-status'), 'inactive');
    await waitFor(() => expect(screen.getByTestId('filter-group_id')).toHaveTextContent('Newsletter (WhatsApp)'));
    await user.selectOptions(screen.getByTestId('filter-group_id'), '5');
    await waitFor(() => expect(lists.at(-1)?.searchParams.get('group_id')).toBe('5'));
    expect(screen.getByTestId('contacts-export-csv').getAttribute('href')).toContain('group_id=5');

    await user.click(screen.getByTestId('select-all'));
    await user.click(screen.getByTestId('select-all-matching'));
    await user.click(screen.getByTestId('bulk-add-to-group'));
    const dialog = await screen.findByTestId('add-to-group-dialog', undefined, LOAD);
    expect(within(dialog).getByTestId('add-to-group-who')).toHaveTextContent(
      'Alle Kontakte, die zum Filter passen, treten der gewählten Gruppe bei.',
    );
    await user.click(await within(dialog).findByTestId('add-to-group-6'));
    await user.click(within(dialog).getByTestId('add-to-group-submit'));
    expect(await within(dialog).findByTestId('add-to-group-result')).toHaveTextContent(
      '140 Kontakte sind VIP beigetreten.',
    );
    expect(added).toEqual([{ id: '6', body: { filter: { status: 'inactive', group_id: 5 } } }]);
  });

  it('offers neither the action nor the group filter without the groups permissions', async () => {
    bulkApi(MANAGER_PERMISSIONS);
    renderWithApp(<App />, { route: '/contacts' });
    const user = userEvent.setup();
    await user.click(within(await screen.findByTestId('contact-row-1', undefined, LOAD)).getByTestId('select-row'));
    expect(screen.getByTestId('bulk-bar')).toBeInTheDocument();
    expect(screen.queryByTestId('bulk-add-to-group')).not.toBeInTheDocument();
    expect(screen.queryByTestId('filter-group_id')).not.toBeInTheDocument();
  });
});
