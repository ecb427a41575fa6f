import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { Label } from '../../api/desk';
import { ADMIN_PERMISSIONS, AGENT_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

const vip: Label = { id: 1, name: 'VIP', color: '#dc2626', created_at: '2026-01-01T00:00:00Z' };

describe('labels page', () => {
  it('creates a label with a colour and shows the server’s field errors', async () => {
    const labels = [vip];
    const posts: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', [...ADMIN_PERMISSIONS, 'labels:read', 'labels:write'])),
      'GET /api/labels': () => jsonResponse({ items: labels }),
      'POST /api/labels': (body) => {
        posts.push(body);
        const { name, color } = body as { name: string; color: string };
        if (name.toLowerCase() === 'vip') {
          return errorResponse(409, 'conflict', 'another label already has this name', {
            name: 'another label already has this name',
          });
        }
        const created = { id: 2, name, color, created_at: '2026-01-02T00:00:00Z' };
        labels.push(created);
        return jsonResponse(created, 201);
      },
    });
    renderWithApp(<App />, { route: '/settings/labels' });
    expect(await screen.findByTestId('label-row-VIP')).toHaveTextContent('#dc2626');
    const user = userEvent.setup();

    await user.click(screen.getByTestId('new-label'));
    const form = screen.getByTestId('label-form');
    await user.type(within(form).getByLabelText('Name'), 'vip');
    await user.click(within(form).getByTestId('label-form-submit'));
    expect(await within(form).findByText('another label already has this name')).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'Billing');
    await user.click(within(form).getByRole('button', { name: '#2563eb' }));
    await user.click(within(form).getByTestId('label-form-submit'));
    expect(await screen.findByTestId('label-row-Billing')).toBeInTheDocument();
    expect(posts.at(-1)).toEqual({ name: 'Billing', color: '#2563eb' });
    await waitFor(() => expect(screen.queryByTestId('label-form')).not.toBeInTheDocument());
  }, 15_000);

  it('shows labels read-only to agents', async () => {
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('agent', [...AGENT_PERMISSIONS, 'labels:read', 'labels:apply'])),
      'GET /api/labels': () => jsonResponse({ items: [vip] }),
    });
    renderWithApp(<App />, { route: '/settings/labels' });
    expect(await screen.findByTestId('label-row-VIP')).toBeInTheDocument();
    expect(screen.queryByTestId('new-label')).not.toBeInTheDocument();
    expect(screen.queryByTestId('label-edit')).not.toBeInTheDocument();
  });
});
