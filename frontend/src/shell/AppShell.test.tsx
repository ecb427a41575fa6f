import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('app shell', () => {
  it('switches to German and keeps the choice', async () => {
    fakeApi({ 'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)) });
    renderWithApp(<App />, { route: '/inbox' });
    expect(await screen.findByRole('heading', { name: 'Inbox' })).toBeInTheDocument();
    await userEvent.setup().selectOptions(screen.getByTestId('language-select'), 'de');
    expect(await screen.findByRole('link', { name: 'Einstellungen' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Posteingang' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem('switchboard.language')).toBe('de');
  });

  it('signs out and returns to the sign-in page', async () => {
    let signedIn = true;
    const fetchMock = fakeApi({
      'GET /api/me': () => (signedIn ? jsonResponse(meOf('admin', ADMIN_PERMISSIONS)) : jsonResponse({}, 401)),
      'POST /api/auth/logout': () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    document.cookie = 'csrf_token=tok';
    renderWithApp(<App />, { route: '/contacts' });
    await userEvent.setup().click(await screen.findByTestId('sign-out'));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument());
    const logout = fetchMock.mock.calls.find(([url]) => url === '/api/auth/logout');
    expect((logout?.[1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
  });

  it('shows each section as an empty state with its description', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/campaigns': () => jsonResponse({ items: [], next_cursor: null }),
    });
    renderWithApp(<App />, { route: '/campaigns' });
    expect(await screen.findByTestId('campaigns-empty')).toHaveTextContent('No campaigns yet');
  });
});
