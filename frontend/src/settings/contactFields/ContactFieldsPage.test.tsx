import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import type { AttributeDef } from '../../api/contacts';
import { ADMIN_PERMISSIONS, fakeApi, meOf } from '../../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../../test/render';
import { keyOfLabel } from './AttributeForm';

afterEach(() => vi.unstubAllGlobals());

describe('contact fields settings', () => {
  it('creates a choice attribute with a key from its label and saves the default country', async () => {
    const items: AttributeDef[] = [];
    const posts: unknown[] = [];
    const patches: unknown[] = [];
    fakeApi({
      'GET /api/me': () => jsonResponse(meOf('admin', [...ADMIN_PERMISSIONS, 'settings:write'])),
      'GET /api/contact-attributes': () => jsonResponse({ items }),
      'POST /api/contact-attributes': (body) => {
        posts.push(body);
        const def = body as AttributeDef;
        if (items.some((a) => a.key === def.key)) {
          return errorResponse(422, 'validation_failed', 'invalid', { key: 'key_taken' });
        }
        items.push({ ...def, id: items.length + 1, position: items.length });
        return jsonResponse(items.at(-1), 201);
      },
      'GET /api/account/settings': () => jsonResponse({ default_country: 'AT' }),
      'PATCH /api/account/settings': (body) => {
        patches.push(body);
        return jsonResponse(body);
      },
    });
    renderWithApp(<App />, { route: '/settings/contactFields' });
    expect(await screen.findByTestId('attributes-empty')).toBeInTheDocument();
    expect(screen.getByTestId('default-country')).toHaveValue('AT');
    const user = userEvent.setup();

    await user.click(screen.getByTestId('new-attribute'));
    const form = screen.getByTestId('attribute-form');
    await user.type(within(form).getByTestId('attribute-label'), 'Kundentyp');
    expect(within(form).getByTestId('attribute-key')).toHaveValue('kundentyp');
    await user.selectOptions(within(form).getByTestId('attribute-type'), 'choice');
    await user.type(within(form).getByTestId('attribute-options'), 'Privat{enter}Firma');
    await user.click(within(form).getByTestId('attribute-submit'));
    expect(await screen.findByTestId('attribute-row-kundentyp')).toHaveTextContent('{{attr.kundentyp}}');
    expect(posts[0]).toEqual({ key: 'kundentyp', label: 'Kundentyp', type: 'choice', options: ['Privat', 'Firma'] });

    // The server's field code is shown in words.
    await user.click(screen.getByTestId('new-attribute'));
    await user.type(within(screen.getByTestId('attribute-form')).getByTestId('attribute-label'), 'Kundentyp');
    await user.click(screen.getByTestId('attribute-submit'));
    expect(await screen.findByText('Another field already has this key.')).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('default-country'), 'DE');
    await user.click(screen.getByTestId('default-country-save'));
    await waitFor(() => expect(patches).toEqual([{ default_country: 'DE' }]));
    expect(await screen.findByTestId('default-country-saved')).toBeInTheDocument();
  }, 15_000);

  it('derives attribute keys the server accepts', () => {
    expect(keyOfLabel('Größe (cm)')).toBe('grosse_cm');
    expect(keyOfLabel('1. Kontakt')).toBe('kontakt');
    expect(keyOfLabel('Straße')).toBe('strasse');
  });
});
