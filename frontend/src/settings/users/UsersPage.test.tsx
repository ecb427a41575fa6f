import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { User } from '../../api/types';
import { ADMIN_PERMISSIONS, AGENT_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const ada: User = {
  id: 1,
  email: 'admin@demo.test',
  name: 'Ada Admin',
  role: 'admin',
  extension: null,
  active: true,
  created_at: '2026-01-05T10:00:00Z',
};
const bo: User = { ...ada, id: 2, email: 'bo@demo.test', name: 'Bo Agent', role: 'agent', extension: '102' };

describe('users page', () => {
  it('is hidden from users without users:read', async () => {
    const fetchMock = fakeApi({ 'GET /api/me': () => jsonResponse(meOf('agent', AGENT_PERMISSIONS)) });
    renderWithApp(<App />, { route: '/settings' });
    expect(await screen.findByRole('heading', { name: 'Your profile' })).toBeInTheDocument();
    const sections = screen.getByRole('navigation', { name: 'Settings sections' });
    expect(within(sections).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(within(sections).queryByRole('link', { name: 'API tokens' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-campaigns')).not.toBeInTheDocument();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/users'))).toBe(false);
  });

  it.each(['/settings/users', '/settings/tokens', '/campaigns'])(
    'says "no access" when such a user opens %s directly',
    async (route) => {
      fakeApi({ 'GET /api/me': () => jsonResponse(meOf('agent', AGENT_PERMISSIONS)) });
      renderWithApp(<App />, { route });
      expect(await screen.findByTestId('no-access')).toHaveTextContent('No access');
    },
  );

  it('lists users for an administrator and changes a role inline', async () => {
    const patches: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/users': () => jsonResponse({ items: [ada, bo], next: null }),
      'PATCH /api/users/2': (body) => {
        patches.push(body);
        return jsonResponse({ ...bo, role: 'supervisor' });
      },
    });
    renderWithApp(<App />, { route: '/settings/users' });
    const row = await screen.findByTestId('user-row-bo@demo.test');
    expect(row).toHaveTextContent('102');
    expect(row).toHaveTextContent('Active');
    // One's own role and account cannot be changed from here.
    expect(within(screen.getByTestId('user-row-admin@demo.test')).queryByRole('combobox')).not.toBeInTheDocument();

    await userEvent.setup().selectOptions(within(row).getByLabelText('Role of Bo Agent'), 'supervisor');
    await waitFor(() => expect(patches).toEqual([{ role: 'supervisor' }]));
  });

  it('shows the server’s field errors next to the fields of the create form', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/users': () => jsonResponse({ items: [ada], next: null }),
      'POST /api/users': () =>
        errorResponse(409, 'conflict', 'email already in use', { email: 'email already in use' }),
    });
    renderWithApp(<App />, { route: '/settings/users' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const form = screen.getByTestId('create-user-form');
    await user.type(within(form).getByLabelText('Name'), 'Ada Again');
    await user.type(within(form).getByLabelText('Email'), 'admin@demo.test');
    await user.type(within(form).getByLabelText('Initial password'), 'long-enough-password');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    const email = within(form).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('email already in use');
    expect(within(form).getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
  });

  it('creates a user and shows it in the list', async () => {
    const created: User = { ...bo, id: 3, email: 'cy@demo.test', name: 'Cy New', extension: null };
    let list = [ada];
    const posted: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/users': () => jsonResponse({ items: list, next: null }),
      'POST /api/users': (body) => {
        posted.push(body);
        list = [ada, created];
        return jsonResponse(created, 201);
      },
    });
    renderWithApp(<App />, { route: '/settings/users' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'New user' }));
    const form = screen.getByTestId('create-user-form');
    await user.type(within(form).getByLabelText('Name'), 'Cy New');
    await user.type(within(form).getByLabelText('Email'), 'cy@demo.test');
    await user.type(within(form).getByLabelText('Initial password'), 'long-enough-password');
    await user.click(within(form).getByRole('button', { name: 'Create user' }));

    expect(await screen.findByTestId('user-row-cy@demo.test')).toHaveTextContent('Cy New');
    expect(screen.getByTestId('user-created')).toHaveTextContent('User Cy New was created.');
    expect(posted).toEqual([
      { email: 'cy@demo.test', name: 'Cy New', role: 'agent', password: 'long-enough-password' },
    ]);
  });
});
