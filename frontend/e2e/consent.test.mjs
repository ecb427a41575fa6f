// Consent journey: an administrator creates the group NEWS; the sandbox phone
// writes in and sends START NEWS, gets the confirmation, is a member of NEWS (block C counts
// it) and on the Consents page; STOP revokes, and an agent's template send to
// the number is refused with a clear message.
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

/** Calls the API from the page, as the signed-in user (cookie + CSRF header). */
async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.match(/(?:^|; )csrf_token=([^;]+)/)?.[1];
      const res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

async function until(what, fn, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends a text from the sandbox phone and waits until the phone shows it sent. */
async function phoneSays(page, text) {
  await page.getByTestId('phone-text').fill(text);
  await page.getByTestId('phone-send').click();
  await page.locator('[data-testid="phone-message"][data-direction="out"]').filter({ hasText: text }).first().waitFor();
}

/** The number of messages the phone has received from the business. */
async function phoneInbound(page) {
  return page.locator('[data-testid="phone-message"][data-direction="in"]').count();
}

test('START NEWS joins the group and grants consent, STOP revokes it and template sends are refused', async () => {
  const admin = await stack.newPage();
  const number = `+49151${String(Date.now()).slice(-8)}`;
  let groupId = 0;

  await stack.withScreenshot(admin, 'consent-group', async () => {
    await signIn(admin, DEMO_ADMIN);
    await admin.goto('/groups');
    // The demo account may come with a NEWS group of its own: the administrator deletes it first.
    await admin.locator('[data-testid="groups-table"], [data-testid="groups-empty"]').first().waitFor();
    const demo = admin.locator('[data-testid^="group-row-"]').filter({ hasText: 'NEWS' });
    if ((await demo.count()) > 0) {
      const id = (await demo.getAttribute('data-testid')).replace('group-row-', '');
      await demo.getByTestId(`group-delete-${id}`).click();
      await demo.getByTestId(`group-delete-confirm-${id}`).click();
      await demo.waitFor({ state: 'detached' });
    }
    await admin.getByTestId('group-new').click();
    const dialog = admin.getByTestId('group-dialog');
    await dialog.getByTestId('group-name').fill('Newsletter');
    await dialog.getByTestId('group-kind-select').selectOption('whatsapp');
    await dialog.getByTestId('group-keyword').fill('news');
    await dialog.getByTestId('group-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const row = admin.locator('[data-testid^="group-row-"]').filter({ hasText: 'Newsletter' });
    await row.waitFor();
    assert.match(await row.textContent(), /WhatsApp/);
    assert.match(await row.textContent(), /NEWS/);
    groupId = Number((await row.getAttribute('data-testid')).replace('group-row-', ''));
  });

  await stack.withScreenshot(admin, 'consent-start', async () => {
    await admin.goto('/sandbox');
    await admin.getByTestId('phone-thread').waitFor();
    await admin.getByTestId('phone-number').fill(number);
    await admin.getByTestId('phone-name').fill('Nora News');
    await admin.getByTestId('phone-empty').waitFor();
    // An ordinary first message opens (and routes) the conversation; then the keyword.
    await phoneSays(admin, 'Hallo!');
    await phoneSays(admin, 'START NEWS');
    // The confirmation reaches the phone once; the thread's system line does not.
    await admin
      .locator('[data-testid="phone-message"][data-direction="in"]')
      .filter({ hasText: 'Newsletter' })
      .waitFor({ timeout: 15_000 });
    assert.equal(await phoneInbound(admin), 1);
  });

  await stack.withScreenshot(admin, 'consent-group-figures', async () => {
    await admin.goto(`/groups/${groupId}`);
    await admin.getByTestId('members-table').getByText('Nora News').waitFor();
    const c = admin.getByTestId('reach-block-C');
    assert.match(await c.getByTestId('reach-whatsapp_registered').textContent(), /^1/);
    assert.match(await c.getByTestId('reach-whatsapp_with_number').textContent(), /^1/);
    assert.match(await c.getByTestId('reach-whatsapp_reachable').textContent(), /^1/);
    await admin
      .getByTestId('group-history')
      .getByText(/Nora News joined/)
      .waitFor();
  });

  await stack.withScreenshot(admin, 'consent-list', async () => {
    await admin.getByTestId('nav-consents').click();
    await admin.getByTestId('consent-search').fill(number.slice(-8));
    const row = admin.getByTestId(`consent-row-whatsapp:${number}`);
    await row.waitFor();
    assert.equal(await row.getByTestId('consent-state').getAttribute('data-state'), 'granted');
    assert.match(await row.textContent(), /Nora News/);
  });

  await stack.withScreenshot(admin, 'consent-stop', async () => {
    await admin.goto('/sandbox');
    await admin.getByTestId('phone-number').fill(number);
    await admin.locator('[data-testid="phone-message"][data-direction="in"]').first().waitFor();
    await phoneSays(admin, 'STOP');
    await until('the STOP confirmation', async () => (await phoneInbound(admin)) === 2);

    await admin.goto('/consents');
    await admin.getByTestId('consent-search').fill(number.slice(-8));
    const row = admin.getByTestId(`consent-row-whatsapp:${number}`);
    await row.locator('[data-testid="consent-state"][data-state="revoked"]').waitFor();

    // STOP leaves every group: block C no longer counts the number.
    await admin.goto(`/groups/${groupId}`);
    await admin.getByTestId('members-empty').waitFor();
    assert.match(await admin.getByTestId('reach-block-C').getByTestId('reach-whatsapp_reachable').textContent(), /^0/);
  });

  // An agent tries a template once the 24-hour window is closed: refused, said plainly, nothing sent.
  const agent = await stack.newPage();
  await stack.withScreenshot(agent, 'consent-template-refused', async () => {
    await signIn(agent, DEMO_AGENT);
    const [conversation] = await query(
      `UPDATE conversations SET last_inbound_at = now() - interval '25 hours'
        WHERE contact_id = (SELECT id FROM contacts WHERE whatsapp_number = $1) RETURNING id`,
      [number],
    );
    assert.ok(conversation, 'the phone opened a conversation');
    await agent.goto(`/inbox/${conversation.id}`);
    // The keyword events are lines of the thread, not bubbles.
    await agent.locator('[data-testid="system-event"][data-event="group.joined"]').getByText('Joined NEWS').waitFor();
    await agent.locator('[data-testid="system-event"][data-event="consent.stopped"]').waitFor();
    await agent.getByTestId('composer-send-template-primary').click();
    const dialog = agent.getByTestId('send-template-dialog');
    await dialog.getByLabel('Template').selectOption({ label: 'order_update (de)' });
    await dialog.getByLabel('Text {{1}}').fill('Nora');
    await dialog.getByLabel('Text {{2}}').fill('A-1');
    await dialog.getByTestId('send-template-submit').click();
    // Refused at once (422) in the dialog, or queued and failed with the reason on the bubble.
    await agent
      .getByText(/has not agreed to receive WhatsApp messages|has opted out/)
      .first()
      .waitFor({ timeout: 15_000 });
    const sent = await query(
      `SELECT status, error_code FROM messages WHERE conversation_id = $1 AND direction = 'out' AND kind = 'template'`,
      [conversation.id],
    );
    assert.ok(
      sent.every((m) => m.status === 'failed' && ['no_consent', 'opted_out'].includes(m.error_code)),
      `no template went out: ${JSON.stringify(sent)}`,
    );
  });
  await agent.context().close();
  await admin.context().close();
});
