import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsentSettings } from '../../api/consent';
import { App } from '../../app/App';
import { fakeApi, meOf } from '../../test/fakeApi';
import { jsonResponse, renderWithApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const replies = (lng: string) => ({
  stopped: `${lng} stopped`,
  started: `${lng} started`,
  joined: `${lng} joined {{group}}`,
  left: `${lng} left {{group}}`,
  unknown: `${lng} unknown {{keyword}}`,
});

const SETTINGS: ConsentSettings = {
  inbound_is_opt_in: true,
  language: 'de',
  stop_words: ['STOP', 'STOPP'],
  start_words: ['START'],
  replies: { de: replies('de'), en: replies('en') },
};

function settingsApi(permissions: string[]) {
  const patches: unknown[] = [];
  fakeApi({
    'GET /api/me': () => jsonResponse(meOf('admin', permissions)),
    'GET /api/account/consent-settings': () => jsonResponse(SETTINGS),
    'PATCH /api/account/consent-settings': (body) => {
      patches.push(body);
      return jsonResponse({ ...SETTINGS, ...(body as object) });
    },
  });
  return patches;
}

describe('consent settings', () => {
  it('saves the switch, language, word lists and reply texts', async () => {
    const patches = settingsApi(['settings:write']);
    renderWithApp(<App />, { route: '/settings/consent' });
    const form = await screen.findByTestId('consent-settings');
    const user = userEvent.setup();
    expect(screen.getByTestId('settings-nav-consent')).toHaveTextContent('Consent');
    expect(within(form).getByTestId('consent-placeholders')).toHaveTextContent('{{group}}');
    expect(within(form).getByTestId('consent-placeholders')).toHaveTextContent('{{keyword}}');

    await user.click(screen.getByTestId('consent-inbound-opt-in'));
    await user.selectOptions(screen.getByTestId('consent-language'), 'en');
    await user.type(screen.getByTestId('stop-words-input'), 'abmelden{Enter}');
    await user.click(screen.getByTestId('stop-words-remove-STOPP'));
    await user.type(screen.getByTestId('start-words-input'), 'anmelden');
    await user.click(screen.getByTestId('start-words-add'));
    const joined = screen.getByTestId('reply-en-joined');
    await user.clear(joined);
    // userEvent reads { as a key descriptor: {{ types one brace.
    await user.type(joined, 'Welcome to {{{{group}}!');
    await user.click(screen.getByTestId('consent-settings-save'));

    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({
      ...SETTINGS,
      inbound_is_opt_in: false,
      language: 'en',
      stop_words: ['STOP', 'ABMELDEN'],
      start_words: ['START', 'ANMELDEN'],
      replies: { de: replies('de'), en: { ...replies('en'), joined: 'Welcome to {{group}}!' } },
    });
    expect(await screen.findByTestId('consent-settings-saved')).toHaveTextContent('Settings saved.');
  });

  it('is not shown without settings:write', async () => {
    settingsApi(['users:read']);
    renderWithApp(<App />, { route: '/settings/consent' });
    expect(await screen.findByTestId('no-access')).toBeInTheDocument();
    expect(screen.queryByTestId('settings-nav-consent')).not.toBeInTheDocument();
  });
});
