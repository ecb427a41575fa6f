import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { CannedResponse } from '../../api/desk';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';

afterEach(() => vi.unstubAllGlobals());

describe('canned responses page', () => {
  it('creates a canned response with a placeholder inserted from the list', async () => {
    const items: CannedResponse[] = [];
    const posts: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', [...ADMIN_PERMISSIONS, 'canned:read', 'canned:write'])),
      'GET /api/canned-responses': () => jsonResponse({ items, next: null }),
      'POST /api/canned-responses': (body) => {
        posts.push(body);
        const { shortcode, text } = body as { shortcode: string; text: string };
        if (!/^[a-z0-9_-]+$/.test(shortcode)) {
          return errorResponse(422, 'validation_failed', '1 field(s) are invalid', {
            shortcode: 'may only contain a-z, 0-9, _ and -',
          });
        }
        const created: CannedResponse = {
          id: 1,
          shortcode,
          text,
          attachment: null,
          placeholders: ['first_name'],
          created_by: 1,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        };
        items.push(created);
        return jsonResponse(created, 201);
      },
    });
    renderWithApp(<App />, { route: '/settings/canned' });
    expect(await screen.findByTestId('canned-empty')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByTestId('new-canned'));
    const form = screen.getByTestId('canned-form');
    await user.type(within(form).getByLabelText('Shortcode'), 'a b');
    await user.type(within(form).getByLabelText('Text'), 'Hi ');
    await user.click(within(form).getByRole('button', { name: '{{first_name}}' }));
    await user.click(within(form).getByTestId('canned-form-submit'));
    expect(await within(form).findByText('may only contain a-z, 0-9, _ and -')).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('Shortcode'));
    await user.type(within(form).getByLabelText('Shortcode'), 'Hours');
    await user.click(within(form).getByTestId('canned-form-submit'));
    const row = await screen.findByTestId('canned-row-hours');
    expect(row).toHaveTextContent('/hours');
    expect(row).toHaveTextContent('Hi {{first_name}}');
    expect(posts.at(-1)).toEqual({ shortcode: 'hours', text: 'Hi {{first_name}}' });
  }, 15_000);
});
