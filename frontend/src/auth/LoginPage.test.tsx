import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';

afterEach(() => vi.unstubAllGlobals());

async function signIn(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in page', () => {
  it('sends visitors without a session to the sign-in page', async () => {
    fakeApi({ 'GET /api/me': () => errorResponse(401, 'unauthenticated', 'sign in first') });
    renderWithApp(<App />, { route: '/settings/users' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows the wrong-password error the server reports', async () => {
    fakeApi({
      'GET /api/me': () => errorResponse(401, 'unauthenticated', 'sign in first'),
      'POST /api/auth/login': () => errorResponse(401, 'invalid_credentials', 'invalid email or password'),
    });
    renderWithApp(<App />, { route: '/login' });
    await signIn('admin@demo.test', 'nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('The email address or password is wrong.');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });

  it('shows throttling with the wait from Retry-After', async () => {
    fakeApi({
      'GET /api/me': () => errorResponse(401, 'unauthenticated', 'sign in first'),
      'POST /api/auth/login': () =>
        jsonResponse({ error: { code: 'too_many_attempts', message: 'too many attempts' } }, 429, {
          'Retry-After': '42',
        }),
    });
    renderWithApp(<App />, { route: '/login' });
    await signIn('admin@demo.test', 'again');
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 seconds.');
  });

  it("shows the server's own message for errors the UI has no text for", async () => {
    fakeApi({
      'GET /api/me': () => errorResponse(401, 'unauthenticated', 'sign in first'),
      'POST /api/auth/login': () => errorResponse(403, 'account_disabled', 'This user has been deactivated.'),
    });
    renderWithApp(<App />, { route: '/login' });
    await signIn('gone@demo.test', 'switchboard');
    expect(await screen.findByRole('alert')).toHaveTextContent('This user has been deactivated.');
  });

  it('opens the app after a successful sign-in and returns to the page asked for', async () => {
    let signedIn = false;
    fakeApi({
      'GET /api/me': () =>
        signedIn
          ? jsonResponse(meOf('admin', ADMIN_PERMISSIONS))
          : errorResponse(401, 'unauthenticated', 'sign in first'),
      'POST /api/auth/login': (body) => {
        expect(body).toEqual({ email: 'admin@demo.test', password: 'switchboard' });
        signedIn = true;
        return jsonResponse({ ...meOf('admin', ADMIN_PERMISSIONS), permissions: undefined });
      },
      'GET /api/users': () => jsonResponse({ items: [], next: null }),
    });
    renderWithApp(<App />, { route: '/settings/users' });
    await signIn('admin@demo.test', 'switchboard');
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeInTheDocument();
    expect(screen.getByTestId('user-name')).toHaveTextContent('Ada Admin');
    expect(screen.getByTestId('user-role')).toHaveTextContent('Administrator');
    expect(screen.getByTestId('account-name')).toHaveTextContent('Demo GmbH');
  });

  it('goes back to sign-in when a later request finds the session gone', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/users': () => errorResponse(401, 'unauthenticated', 'session expired'),
    });
    renderWithApp(<App />, { route: '/settings/users' });
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument());
  });
});
