// Phone book journey: a campaign manager imports a CSV with two bad rows,
// watches the progress and reads the two errors, filters the table, sorts by
// last chat, hides a column (remembered after a reload) and exports the view
// to XLSX; an agent sees the contacts but neither import nor export.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

const MANAGER = { email: 'campaigns@demo.test', password: 'switchboard-campaigns', name: 'Carla Campaign' };

// Semicolons and national numbers, as German Excel writes them; the account's default country is Austria.
// Line 3 has no valid number, line 5 repeats the number of line 2.
const CSV = [
  'Name;SMS;WhatsApp',
  'Anna Importtest;0664 1234567;',
  'Bruno Importtest;12ab;',
  'Clara Importtest;+43 664 7654321;+43 664 7654321',
  'Doris Importtest;0664 1234567;',
].join('\r\n');

/** A JSON request from the signed-in page (session cookie and CSRF header). */
async function apiFrom(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split('; ')
        .find((c) => c.startsWith('csrf_token='))
        ?.slice('csrf_token='.length);
      const res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf ?? '') },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    { method, path, body },
  );
}

test('a campaign manager imports, filters, sorts, hides a column and exports; an agent cannot import or export', async () => {
  const admin = await stack.newPage();
  await stack.withScreenshot(admin, 'contacts-admin', async () => {
    await signIn(admin, DEMO_ADMIN);
    const res = await apiFrom(admin, 'POST', '/api/users', {
      email: MANAGER.email,
      name: MANAGER.name,
      role: 'campaign_manager',
      password: MANAGER.password,
    });
    assert.equal(res.status, 201, `create the campaign manager: ${res.text}`);
  });

  const page = await stack.newPage({ acceptDownloads: true });
  await stack.withScreenshot(page, 'contacts-manager', async () => {
    await signIn(page, MANAGER);
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contacts-table').waitFor();

    // Import: upload → preview with the detected format → mapping → start.
    await page.getByTestId('contacts-import').click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.getByTestId('import-file').setInputFiles({
      name: 'kunden.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\ufeff${CSV}`, 'utf8'),
    });
    await wizard.getByTestId('import-preview').click();
    const mapping = wizard.getByTestId('import-mapping');
    await mapping.waitFor();
    assert.match(await mapping.getByTestId('import-detected').textContent(), /CSV file, delimiter ;/);
    assert.equal(await mapping.getByTestId('import-map-SMS').inputValue(), 'sms_number');
    assert.equal(await mapping.getByTestId('import-map-Name').inputValue(), 'name');
    await mapping.getByTestId('import-start').click();

    // Progress, then the result with exactly the two bad rows.
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 30_000 });
    assert.match(
      await page.getByTestId('import-summary').textContent(),
      /2 imported, 0 updated, 0 unchanged, 2 with errors/,
    );
    const errorRows = page.getByTestId('import-error-row');
    assert.equal(await errorRows.count(), 2);
    assert.match(await errorRows.nth(0).textContent(), /^3/);
    assert.match(await errorRows.nth(1).textContent(), /^5.*earlier row/);
    assert.equal(await page.getByTestId('import-errors-csv').getAttribute('href'), await errorsHref(page));

    // The progress survives leaving the page and coming back.
    await page
      .getByTestId('nav-inbox')
      .click()
      .catch(() => page.goto('/settings'));
    await page.goto('/contacts');
    await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor();
    await page.getByTestId('import-dismiss').click();

    // Filter: the search narrows the table to the imported contacts.
    const rows = page.locator('[data-testid^="contact-row-"]');
    const listed = page.waitForResponse((r) => r.url().includes('/api/contacts?') && r.url().includes('q=Importtest'));
    await page.getByTestId('contacts-search').fill('Importtest');
    await listed;
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid^="contact-row-"]')].every((r) =>
          r.textContent.includes('Importtest'),
        ) && document.querySelectorAll('[data-testid^="contact-row-"]').length === 2,
    );
    assert.equal(await rows.count(), 2);
    assert.match(await rows.filter({ hasText: 'Anna Importtest' }).textContent(), /\+43 664 1234567/);

    // Sort by last chat: the server is asked, the header says so.
    const sorted = page.waitForResponse((r) => r.url().includes('sort=last_chat_at'));
    await page.getByTestId('sort-last_chat_at').click();
    await sorted;
    const lastChat = page.locator('th[data-column="last_chat_at"]');
    assert.equal(await lastChat.getAttribute('aria-sort'), 'ascending');
    const sortedDesc = page.waitForResponse((r) => r.url().includes('sort=-last_chat_at'));
    await page.getByTestId('sort-last_chat_at').click();
    await sortedDesc;
    assert.equal(await lastChat.getAttribute('aria-sort'), 'descending');

    // Hide the labels column; it stays hidden after a reload (stored for the user).
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/me/preferences/contacts.columns') && r.request().method() === 'PUT',
    );
    await page.getByTestId('column-settings').click();
    await page.getByTestId('column-toggle-labels').uncheck();
    assert.equal((await saved).status(), 200);
    assert.equal(await page.locator('th[data-column="labels"]').count(), 0);
    await page.reload();
    await page.getByTestId('contacts-table').waitFor();
    assert.equal(await page.locator('th[data-column="labels"]').count(), 0);
    assert.equal(await page.locator('th[data-column="name"]').count(), 1);

    // Export the view to XLSX.
    const href = await page.getByTestId('contacts-export-xlsx').getAttribute('href');
    assert.match(href, /format=xlsx/);
    assert.doesNotMatch(href, /labels/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('contacts-export-xlsx').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    assert.ok(body.length > 0, 'the export has a body');
    assert.equal(body.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip archive');
  });

  const agent = await stack.newPage();
  await stack.withScreenshot(agent, 'contacts-agent', async () => {
    await signIn(agent, DEMO_AGENT);
    await agent.goto('/contacts');
    await agent.getByTestId('contacts-table').waitFor();
    assert.equal(await agent.getByTestId('contacts-import').count(), 0);
    assert.equal(await agent.getByTestId('contacts-export-csv').count(), 0);
    assert.equal(await agent.getByTestId('contacts-export-xlsx').count(), 0);
  });
});

/** The errors CSV link of the import the page shows. */
async function errorsHref(page) {
  const href = await page.getByTestId('import-errors-csv').getAttribute('href');
  assert.match(href, /^\/api\/contacts\/imports\/\d+\/errors\.csv$/);
  return href;
}
