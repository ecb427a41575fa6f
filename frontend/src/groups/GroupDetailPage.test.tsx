import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GroupKind } from '../api/groups';
import { App } from '../app/App';
import { GROUPS_WRITE, groupOf, memberOf, phoneBookContact } from '../consent/testData';
import i18n from '../i18n';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

function groupApi(kind: GroupKind, permissions = GROUPS_WRITE) {
  const added: unknown[] = [];
  const removed: unknown[] = [];
  const searches: URL[] = [];
  let members = [memberOf(1), memberOf(2, { sms: true, sms_number: '+436762222222', sms_consent: 'revoked' })];
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', permissions)),
    'GET /api/groups': () => jsonResponse({ items: [groupOf(5, { kind })] }),
    'GET /api/groups/5': () =>
      jsonResponse(groupOf(5, { kind, reach: { ...groupOf(5).reach, members: members.length } })),
    'GET /api/groups/5/members': () => jsonResponse({ items: members, next_cursor: null }),
    'GET /api/groups/5/history': () =>
      jsonResponse({
        items: [
          {
            id: 1,
            contact_id: 1,
            contact_name: 'Member 1',
            action: 'joined',
            source: 'keyword',
            user_id: null,
            at: '2026-12-04T10:00:00Z',
          },
        ],
      }),
    'POST /api/groups/5/members': (body) => {
      added.push(body);
      members = [...members, memberOf(3, { name: 'Clara Weiss', source: 'user' })];
      return jsonResponse({ affected: 1 });
    },
    'DELETE /api/groups/5/members': (body) => {
      removed.push(body);
      members = members.filter((m) => !(body as { contact_ids: number[] }).contact_ids.includes(m.contact_id));
      return jsonResponse({ affected: 1 });
    },
    'GET /api/contacts': (_, url) => {
      searches.push(url);
      return jsonResponse({
        items: [
          phoneBookContact(3, 'Clara Weiss', { whatsapp_number: '+436643333333' }),
          phoneBookContact(4, 'Dora Maier'),
        ],
        next_cursor: null,
      });
    },
  });
  return { added, removed, searches, fetchMock };
}

const blocks = () => screen.getAllByTestId(/^reach-block-/).map((b) => b.dataset.testid);

describe('group detail', () => {
  it('shows blocks A and B for an SMS group', async () => {
    groupApi('sms');
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('reach-cards');
    expect(blocks()).toEqual(['reach-block-A', 'reach-block-B']);
    expect(screen.getByTestId('reach-sms_reachable')).toHaveTextContent('9reachable by SMS');
    expect(screen.getByTestId('group-kind')).toHaveTextContent('SMS');
  });

  it('shows blocks A and C for a WhatsApp group', async () => {
    groupApi('whatsapp');
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('reach-cards');
    expect(blocks()).toEqual(['reach-block-A', 'reach-block-C']);
    const c = screen.getByTestId('reach-block-C');
    expect(within(c).getByTestId('reach-whatsapp_registered')).toHaveTextContent('8registered for WhatsApp');
    expect(within(c).getByTestId('reach-whatsapp_with_number')).toHaveTextContent('7with a WhatsApp number');
    expect(within(c).getByTestId('reach-whatsapp_reachable')).toHaveTextContent('5reachable on WhatsApp');
  });

  it('shows all four blocks for a multichannel group, labelled as in the seed in German', async () => {
    groupApi('multichannel');
    await i18n.changeLanguage('de');
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('reach-cards');
    expect(blocks()).toEqual(['reach-block-A', 'reach-block-B', 'reach-block-C', 'reach-block-D']);
    const figures = screen.getAllByTestId(/^reach-(members|sms_|whatsapp_|both_)/).map((f) => f.textContent);
    expect(figures).toEqual([
      '2Mitglieder',
      '9per SMS erreichbar',
      '8für WhatsApp angemeldet',
      '7mit WhatsApp-Empfangsnummer',
      '5mit WhatsApp erreichbar',
      '4mit beiden Nummern',
      '3auf beiden Kanälen erreichbar',
    ]);
    expect(screen.getByTestId('group-kind')).toHaveTextContent('Multichannel');
  });

  it('lists members with registrations and consent per kind, and the membership history', async () => {
    groupApi('multichannel');
    renderWithApp(<App />, { route: '/groups/5' });
    const row = await screen.findByTestId('member-row-2');
    expect(row).toHaveTextContent('+43 676 2222222');
    expect(row).toHaveTextContent('WhatsApp, SMS');
    expect(within(within(row).getByTestId('member-consent-sms')).getByTestId('consent-state')).toHaveTextContent(
      'Revoked',
    );
    expect(within(within(row).getByTestId('member-consent-whatsapp')).getByTestId('consent-state')).toHaveTextContent(
      'Granted',
    );
    expect(await screen.findByTestId('group-history-entry')).toHaveTextContent('Member 1 joined (Keyword)');
  });

  it('adds members picked from the phone book', async () => {
    const { added, searches } = groupApi('whatsapp');
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('members-add'));
    const dialog = await screen.findByTestId('add-members-dialog');
    await user.type(within(dialog).getByTestId('add-members-search'), 'Clara');
    await waitFor(() => expect(searches.at(-1)?.searchParams.get('q')).toBe('Clara'));
    await user.click(await within(dialog).findByTestId('add-member-3'));
    expect(within(dialog).getByTestId('add-members-submit')).toHaveTextContent('Add 1 contact');
    await user.click(within(dialog).getByTestId('add-members-submit'));
    await waitFor(() => expect(screen.queryByTestId('add-members-dialog')).not.toBeInTheDocument());
    expect(added).toEqual([{ contact_ids: [3] }]);
    expect(await screen.findByTestId('member-row-3')).toHaveTextContent('Clara Weiss');
    await waitFor(() => expect(screen.getByTestId('reach-members')).toHaveTextContent('3'));
  });

  it('removes the selected members after asking', async () => {
    const { removed } = groupApi('whatsapp');
    renderWithApp(<App />, { route: '/groups/5' });
    const row = await screen.findByTestId('member-row-1');
    const user = userEvent.setup();
    await user.click(within(row).getByTestId('select-row'));
    expect(screen.getByTestId('members-bulk')).toHaveTextContent('1 member selected');
    await user.click(screen.getByTestId('members-remove'));
    await user.click(screen.getByTestId('members-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('member-row-1')).not.toBeInTheDocument());
    expect(removed).toEqual([{ contact_ids: [1] }]);
  });

  it('is read-only without groups:write', async () => {
    groupApi('whatsapp', ['groups:read']);
    renderWithApp(<App />, { route: '/groups/5' });
    await screen.findByTestId('members-table');
    expect(screen.queryByTestId('members-add')).not.toBeInTheDocument();
    expect(screen.queryByTestId('group-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('select-row')).not.toBeInTheDocument();
  });
});

describe('groups list', () => {
  it('lists groups with kind badge, keyword and figures, and creates one', async () => {
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('campaign_manager', GROUPS_WRITE)),
      'GET /api/groups': () => jsonResponse({ items: [groupOf(5, { kind: 'whatsapp' })] }),
      'POST /api/groups': (body) => {
        posted.push(body);
        return jsonResponse(groupOf(6, { name: 'VIP', kind: 'sms', keyword: 'VIP' }), 201);
      },
    });
    renderWithApp(<App />, { route: '/groups' });
    const row = await screen.findByTestId('group-row-5');
    expect(within(row).getByTestId('group-kind')).toHaveTextContent('WhatsApp');
    expect(row).toHaveTextContent('NEWS');
    expect(within(row).getByTestId('group-members')).toHaveTextContent('12');
    expect(within(row).getByTestId('group-reachable')).toHaveTextContent('WhatsApp: 5');

    const user = userEvent.setup();
    await user.click(screen.getByTestId('group-new'));
    const dialog = await screen.findByTestId('group-dialog');
    await user.type(within(dialog).getByTestId('group-name'), 'VIP');
    await user.selectOptions(within(dialog).getByTestId('group-kind-select'), 'sms');
    await user.type(within(dialog).getByTestId('group-keyword'), 'vip');
    await user.click(within(dialog).getByTestId('group-submit'));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({ name: 'VIP', kind: 'sms', keyword: 'VIP', description: '' });
  });

  it('shows the field the server names when a keyword is taken', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('campaign_manager', GROUPS_WRITE)),
      'GET /api/groups': () => jsonResponse({ items: [] }),
      'POST /api/groups': () =>
        jsonResponse(
          { error: { code: 'conflict', message: 'taken', fields: { keyword: 'Keyword already in use.' } } },
          409,
        ),
    });
    renderWithApp(<App />, { route: '/groups' });
    await screen.findByTestId('groups-empty');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('group-new'));
    const dialog = await screen.findByTestId('group-dialog');
    await user.type(within(dialog).getByTestId('group-name'), 'News 2');
    await user.type(within(dialog).getByTestId('group-keyword'), 'NEWS');
    await user.click(within(dialog).getByTestId('group-submit'));
    expect(await within(dialog).findByText('Keyword already in use.')).toBeInTheDocument();
    expect(within(dialog).getByTestId('group-keyword')).toHaveAttribute('aria-invalid', 'true');
  });
});
