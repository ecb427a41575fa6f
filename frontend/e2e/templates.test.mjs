// Templates journey: an agent writes to a contact whose 24-hour window is
// closed with a WhatsApp template (the sandbox acknowledges delivery), and an
// administrator keeps SMS templates in Settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

/** Runs one query against the test database. */
async function query(sql, params = []) {
  const client = new pg.Client({ connectionString: stack.databaseURL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Calls the API from the signed-in page, with the CSRF header. */
async function apiPost(page, path, body) {
  return page.evaluate(
    async ({ path, body }) => {
      const csrf = document.cookie
        .split('; ')
        .find((c) => c.startsWith('csrf_token='))
        ?.slice('csrf_token='.length);
      const res = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { path, body },
  );
}

/**
 * The sandbox phone writes in; once the conversation exists its last inbound
 * message is moved 25 hours back, so the window is closed. Returns its id.
 */
async function conversationWithClosedWindow(page, number) {
  const sent = await apiPost(page, '/api/sandbox/messages', {
    from: number,
    name: 'Anna Berger',
    type: 'text',
    text: 'Hallo!',
  });
  assert.ok(sent.status < 300, `sandbox phone: ${sent.status} ${sent.body}`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await query(
      `UPDATE conversations SET last_inbound_at = now() - interval '25 hours'
        WHERE contact_id = (SELECT id FROM contacts WHERE whatsapp_number = $1) RETURNING id`,
      [number],
    );
    if (rows.length > 0) return rows[0].id;
    if (Date.now() > deadline) throw new Error('the phone message did not open a conversation');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('an agent sends a template with variables when the 24-hour window is closed', async () => {
  const page = await stack.newPage();
  await stack.withScreenshot(page, 'templates-send', async () => {
    await signIn(page, DEMO_AGENT);
    const id = await conversationWithClosedWindow(page, '+4915112340001');
    await page.goto(`/inbox/${id}`);

    // The window is closed: free text is blocked, the template is the way.
    await page.locator('[data-testid="window-banner"][data-state="closed"]').waitFor();
    await page.getByTestId('composer-window-closed').waitFor();
    assert.equal(await page.getByTestId('composer-input').isDisabled(), true);
    await page.getByTestId('composer-send-template-primary').click();

    const dialog = page.getByTestId('send-template-dialog');
    await dialog.getByLabel('Template').selectOption({ label: 'order_update (de)' });
    await dialog.getByLabel('Text {{1}}').fill('Anna');
    const preview = dialog.getByTestId('template-preview');
    assert.match(await preview.textContent(), /Hallo Anna, Ihre Bestellung \{\{2\}\} ist unterwegs\./);

    // A missing value is named by the server next to its field; nothing is sent.
    await dialog.getByTestId('send-template-submit').click();
    await dialog.locator('.field-invalid').getByText('is required').waitFor();
    assert.equal(await page.getByTestId('message').count(), 1);

    await dialog.getByLabel('Text {{2}}').fill('A-1042');
    assert.match(await preview.textContent(), /Hallo Anna, Ihre Bestellung A-1042 ist unterwegs\./);
    await dialog.getByTestId('send-template-submit').click();
    await dialog.waitFor({ state: 'detached' });

    // The template appears in the conversation and the sandbox acknowledges delivery.
    const sentMessage = page.getByTestId('message').filter({ hasText: 'Ihre Bestellung A-1042 ist unterwegs' });
    await sentMessage.waitFor();
    await sentMessage.locator('[data-testid="message-ticks"][data-status="delivered"]').waitFor({ timeout: 15_000 });
    const rows = await query(`SELECT kind, status FROM messages WHERE conversation_id = $1 AND direction = 'out'`, [
      id,
    ]);
    assert.deepEqual(rows, [{ kind: 'template', status: 'delivered' }]);
  });
});

test('an administrator creates an SMS template and syncs the sandbox templates', async () => {
  const page = await stack.newPage();
  await stack.withScreenshot(page, 'templates-settings', async () => {
    await signIn(page, DEMO_ADMIN);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-templates').click();

    // The sandbox's built-in WhatsApp templates, with their status.
    await page.getByTestId('template-row-order_update').waitFor();
    assert.match(await page.getByTestId('template-row-order_update').textContent(), /Approved/);
    assert.match(await page.getByTestId('template-row-summer_sale').textContent(), /Pending review/);
    await page.getByTestId('template-sync').first().click();
    assert.match(
      await page.getByTestId('template-sync-result').first().textContent(),
      /Synced 4 templates: 0 new, 0 changed, 0 removed\./,
    );

    // A new SMS template.
    await page.getByTestId('new-sms-template').click();
    const form = page.getByTestId('sms-template-form');
    await form.getByLabel('Name').fill('Rückruf');
    await form.getByLabel('Text').fill('Hallo {{first_name}}, wir rufen Sie heute noch zurück.');
    await form.getByTestId('sms-template-submit').click();
    const row = page.getByTestId('sms-template-row-Rückruf');
    await row.waitFor();
    assert.match(await row.textContent(), /Placeholders: first_name/);

    // The same name again is refused with the field named.
    await page.getByTestId('new-sms-template').click();
    await form.getByLabel('Name').fill('rückruf');
    await form.getByLabel('Text').fill('Noch einmal');
    await form.getByTestId('sms-template-submit').click();
    await form.locator('.field-invalid').getByText('an SMS template with this name exists already').waitFor();
    const stored = await query(`SELECT name, body FROM sms_templates`);
    assert.deepEqual(stored, [{ name: 'Rückruf', body: 'Hallo {{first_name}}, wir rufen Sie heute noch zurück.' }]);
  });
});
