import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import type { ContactImport } from '../api/contacts';
import { fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { MANAGER_PERMISSIONS, cityAttr } from './testData';

afterEach(() => vi.unstubAllGlobals());

const preview = {
  format: 'csv',
  delimiter: ';',
  encoding: 'utf-8-bom',
  headers: ['Name', 'Telefon', 'Stadt'],
  rows: [
    ['Anna Berger', '0664 1234567', 'Wien'],
    ['Bernd', 'kaputt', 'Graz'],
  ],
  suggested_mapping: { Name: 'name', Telefon: 'ignore', Stadt: 'attr.city' },
};

function importApi() {
  const forms: FormData[] = [];
  let polls = 0;
  const state = (status: ContactImport['status']): ContactImport => ({
    id: 7,
    status,
    file_name: 'kunden.csv',
    total: 3,
    imported: status === 'done' ? 1 : 0,
    updated: 0,
    unchanged: 0,
    failed: status === 'done' ? 2 : 0,
    errors:
      status === 'done'
        ? [
            { row: 3, column: 'Telefon', code: 'invalid_number', message: 'not a phone number' },
            { row: 4, column: 'Telefon', code: 'duplicate_in_file', message: 'duplicate of row 2' },
          ]
        : [],
  });
  const fetchMock = fakeApi({
    'GET /api/me': () => jsonResponse(meOf('campaign_manager', MANAGER_PERMISSIONS)),
    'GET /api/contact-attributes': () => jsonResponse({ items: [cityAttr] }),
    'GET /api/me/preferences/contacts.columns': () => jsonResponse(null),
    'GET /api/labels': () => jsonResponse({ items: [] }),
    'GET /api/contacts': () => jsonResponse({ items: [], next_cursor: null }),
    'GET /api/contacts/imports/7': () => {
      polls += 1;
      return jsonResponse(state(polls === 1 ? 'queued' : polls === 2 ? 'running' : 'done'));
    },
  });
  // Multipart bodies are FormData, which fakeApi does not decode: catch them here.
  const base = fetchMock.getMockImplementation()!;
  fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === '/api/contacts/imports' && init?.body instanceof FormData) {
      forms.push(init.body);
      if (init.body.get('preview') === 'true') {
        const file = init.body.get('file') as File;
        if (file.name.endsWith('.pdf')) return errorResponse(400, 'unsupported_file', 'the file is PDF, not a CSV or XLSX file');
        return jsonResponse(preview);
      }
      return jsonResponse({ id: 7 }, 202);
    }
    return base(input, init);
  });
  return { forms, polls: () => polls };
}

describe('import wizard', () => {
  it('goes from upload through mapping to live progress and the row errors', async () => {
    const { forms } = importApi();
    const { unmount } = renderWithApp(<App />, { route: '/contacts' });
    // The file input's accept list would filter the PDF out; the server must say why it refuses one.
    const user = userEvent.setup({ applyAccept: false });
    await user.click(await screen.findByTestId('contacts-import'));
    const wizard = screen.getByTestId('import-wizard');
    expect(within(wizard).getByTestId('import-preview')).toBeDisabled();

    await user.upload(within(wizard).getByTestId('import-file'), new File(['x'], 'brochure.pdf'));
    await user.click(within(wizard).getByTestId('import-preview'));
    expect(await within(wizard).findByTestId('import-preview-error')).toHaveTextContent('neither CSV nor XLSX');

    await user.upload(within(wizard).getByTestId('import-file'), new File(['Name;Telefon'], 'kunden.csv'));
    await user.click(within(wizard).getByTestId('import-preview'));
    const mapping = await within(wizard).findByTestId('import-mapping');
    expect(within(mapping).getByTestId('import-detected')).toHaveTextContent(
      'CSV file, delimiter ;, encoding utf-8-bom',
    );
    expect(within(mapping).getByText('0664 1234567')).toBeInTheDocument();
    expect(within(mapping).getByTestId('import-map-Stadt')).toHaveValue('attr.city');
    // No number column yet: starting is not possible.
    expect(within(mapping).getByTestId('import-no-number')).toBeInTheDocument();
    expect(within(mapping).getByTestId('import-start')).toBeDisabled();

    await user.selectOptions(within(mapping).getByTestId('import-map-Telefon'), 'sms_number');
    await user.click(within(mapping).getByTestId('import-skip-existing'));
    await user.click(within(mapping).getByTestId('import-start'));

    await waitFor(() => expect(screen.queryByTestId('import-wizard')).not.toBeInTheDocument());
    const start = forms.at(-1)!;
    expect(JSON.parse(start.get('mapping') as string)).toEqual({
      Name: 'name',
      Telefon: 'sms_number',
      Stadt: 'attr.city',
    });
    expect(start.get('update_existing')).toBe('false');
    expect(start.get('preview')).toBeNull();

    const progress = await screen.findByTestId('import-progress');
    expect(within(progress).getByTestId('import-progressbar')).toBeInTheDocument();
    expect(localStorage.getItem('switchboard.contacts.import.1')).toBe('7');

    // Leaving the page and coming back shows the same import again.
    unmount();
    renderWithApp(<App />, { route: '/contacts' });
    await waitFor(() => expect(screen.getByTestId('import-progress')).toHaveAttribute('data-status', 'done'), {
      timeout: 5000,
    });
    expect(screen.getByTestId('import-summary')).toHaveTextContent(
      '1 imported, 0 updated, 0 unchanged, 2 with errors.',
    );
    const rows = screen.getAllByTestId('import-error-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('3Telefon' + 'Not a valid phone number.');
    expect(rows[1]).toHaveTextContent('The number already appears in an earlier row of the file.');
    expect(screen.getByTestId('import-errors-csv')).toHaveAttribute('href', '/api/contacts/imports/7/errors.csv');

    await user.click(screen.getByTestId('import-dismiss'));
    expect(screen.queryByTestId('import-progress')).not.toBeInTheDocument();
    expect(localStorage.getItem('switchboard.contacts.import.1')).toBeNull();
  }, 20_000);
});
