import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { ApiToken } from '../../api/types';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { jsonResponse, renderWithApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const ci: ApiToken = {
  id: 1,
  name: 'CI export',
  role: 'campaign_manager',
  prefix: 'sb_ab12',
  created_at: '2026-01-05T10:00:00Z',
  last_used_at: null,
  revoked_at: null,
};

describe('API tokens page', () => {
  it('creates a token, shows its secret once, and revokes after confirmation', async () => {
    let tokens = [ci];
    const deleted: string[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', ADMIN_PERMISSIONS)),
      'GET /api/tokens': () => jsonResponse({ items: tokens }),
      'POST /api/tokens': (body) => {
        expect(body).toEqual({ name: 'CRM', role: 'agent' });
        const token = { ...ci, id: 2, name: 'CRM', role: 'agent' as const, prefix: 'sb_cd34' };
        tokens = [ci, token];
        return jsonResponse({ token, secret: 'sb_cd34_secretsecret' }, 201);
      },
      'DELETE /api/tokens/1': () => {
        deleted.push('1');
        tokens = [{ ...ci, revoked_at: '2026-01-06T09:00:00Z' }, ...tokens.slice(1)];
        return new Response(null, { status: 204 });
      },
    });
    renderWithApp(<App />, { route: '/settings/tokens' });
    const user = userEvent.setup();

    const row = await screen.findByTestId('token-row-CI export');
    expect(row).toHaveTextContent('Campaign manager');
    expect(row).toHaveTextContent('Never');

    await user.click(screen.getByRole('button', { name: 'New token' }));
    const form = screen.getByTestId('create-token-form');
    await user.type(within(form).getByLabelText('Name'), 'CRM');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('token-secret')).toHaveValue('sb_cd34_secretsecret');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('token-secret')).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Revoke' }));
    await user.click(within(row).getByRole('button', { name: 'Revoke now' }));
    await waitFor(() => expect(screen.getByTestId('token-row-CI export')).toHaveTextContent('Revoked'));
    expect(deleted).toEqual(['1']);
  });
});
