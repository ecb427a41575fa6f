// Routing journey: a supervisor turns the demo's Support queue into an
// automatic round-robin queue of two agents; two customers write in and each
// agent gets one, live; the supervisor console shows the load as it happens;
// a transfer and a drag onto an agent row move a conversation between the
// agents, who see it come and go without reloading.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

const SECOND_AGENT = { email: 'agent2@demo.test', name: 'Second Agent', password: 'switchboard-second' };
const ERIKA = { from: '+4915122220001', name: 'Erika Routing' };
const MAX = { from: '+4915122220002', name: 'Max Routing' };

/** Waits until fn() returns a truthy value (polling), or fails with message. */
async function eventually(fn, message, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${message} (last value: ${JSON.stringify(last)})`);
}

/** Calls the API from a signed-in page, with its session cookie and CSRF token. */
async function apiCall(page, method, path, body) {
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
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

async function waitForLive(page) {
  await eventually(
    () => page.evaluate(() => window.__switchboardRealtime?.status() === 'open'),
    'realtime connection did not open',
  );
}

/** An agent's inbox on the "Mine" tab, marked so that a reload would show. */
async function openMyInbox(page) {
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('conversation-list').waitFor();
  await page.getByTestId('inbox-tab-mine').click();
  await waitForLive(page);
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
}

async function myRows(page) {
  return page
    .getByTestId('conversation-row')
    .getByTestId('conversation-name')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? '').sort());
}

function consoleAgent(page, name) {
  return page.locator(`[data-testid="console-agent"][data-agent-name="${name}"]`);
}

test('a supervisor routes two agents round robin, watches the load live and moves a conversation', async () => {
  const admin = await stack.newPage();
  const agentA = await stack.newPage();
  const agentB = await stack.newPage();

  await stack.withScreenshot(admin, 'routing-admin', async () => {
    await signIn(admin, DEMO_ADMIN);

    // A second agent, through the API as the administrator.
    const created = await apiCall(admin, 'POST', '/api/users', {
      email: SECOND_AGENT.email,
      name: SECOND_AGENT.name,
      role: 'agent',
      password: SECOND_AGENT.password,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // Settings → Queues: Support becomes automatic, with both agents (capacity 5) and without the admin.
    await admin.getByTestId('nav-settings').click();
    await admin.getByTestId('settings-nav-queues').click();
    const support = admin.locator('[data-testid="queue-card"][data-queue-name="Support"]');
    assert.equal(await support.getByTestId('queue-mode').textContent(), 'First reply');
    await support.getByTestId('queue-edit').click();
    const dialog = admin.getByTestId('queue-dialog');
    await dialog.getByTestId('queue-mode-auto').check();
    const member = (name) => dialog.getByTestId('member-row').filter({ hasText: name });
    await member('Demo Admin').getByTestId('member-toggle').setChecked(false);
    await member('Demo Agent').getByTestId('member-toggle').setChecked(true);
    await member('Demo Agent').getByTestId('member-capacity').fill('5');
    await member(SECOND_AGENT.name).getByTestId('member-toggle').setChecked(true);
    await member(SECOND_AGENT.name).getByTestId('member-capacity').fill('5');
    await dialog.getByTestId('queue-save').click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByTestId('queue-saved').waitFor();
    assert.equal(await support.getByTestId('queue-mode').textContent(), 'Automatic');
    assert.deepEqual(await support.getByTestId('queue-member').allTextContents(), [
      'Demo Agent · 5',
      `${SECOND_AGENT.name} · 5`,
    ]);
    const queues = await apiCall(admin, 'GET', '/api/queues');
    const queue = queues.body.items.find((q) => q.name === 'Support');
    assert.equal(queue.mode, 'auto');
    assert.deepEqual(
      queue.members.map((m) => [m.name, m.capacity]),
      [
        ['Demo Agent', 5],
        [SECOND_AGENT.name, 5],
      ],
    );
    // The sandbox number still routes to Support.
    const route = admin.getByTestId('route-row').first().getByTestId('route-select');
    assert.equal(await route.inputValue(), `q:${queue.id}`);

    // Both agents sign in; their open connections make them online.
    await signIn(agentA, DEMO_AGENT);
    await signIn(agentB, { email: SECOND_AGENT.email, password: SECOND_AGENT.password });
    await openMyInbox(agentA);
    await openMyInbox(agentB);
    for (const page of [agentA, agentB]) {
      await page.locator('[data-testid="presence-selector"][data-status="online"]').waitFor();
    }

    // The supervisor console sees them online, with nothing open yet.
    await admin.getByTestId('nav-supervisor').click();
    await admin.getByTestId('supervisor-console').waitFor();
    await waitForLive(admin);
    await admin.evaluate(() => {
      window.__sameDocument = true;
    });
    for (const name of ['Demo Agent', SECOND_AGENT.name]) {
      await consoleAgent(admin, name).and(admin.locator('[data-status="online"][data-open="0"]')).waitFor();
    }
    const supportCard = admin.locator('[data-testid="console-queue"][data-queue-name="Support"]');
    assert.equal(await supportCard.getByTestId('console-queue-waiting').textContent(), '0');

    // Two customers write in on the sandbox phone: one conversation each, round robin.
    for (const customer of [ERIKA, MAX]) {
      const sent = await apiCall(admin, 'POST', '/api/sandbox/messages', {
        from: customer.from,
        name: customer.name,
        type: 'text',
        text: `Hallo, hier ist ${customer.name}`,
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
    }
    const rowsA = await eventually(async () => {
      const rows = await myRows(agentA);
      return rows.length === 1 && rows;
    }, 'the demo agent did not get exactly one conversation');
    const rowsB = await eventually(async () => {
      const rows = await myRows(agentB);
      return rows.length === 1 && rows;
    }, 'the second agent did not get exactly one conversation');
    assert.deepEqual([...rowsA, ...rowsB].sort(), [ERIKA.name, MAX.name].sort());
    for (const page of [agentA, agentB]) assert.equal(await page.evaluate(() => window.__sameDocument), true);

    // The console followed live: one open conversation each, nothing waiting.
    for (const name of ['Demo Agent', SECOND_AGENT.name]) {
      const row = consoleAgent(admin, name);
      await row.and(admin.locator('[data-open="1"]')).waitFor();
      assert.equal(await row.getByTestId('console-agent-load').textContent(), '1 / 5');
    }
    assert.equal(await supportCard.getByTestId('console-queue-waiting').textContent(), '0');
    assert.equal(await admin.evaluate(() => window.__sameDocument), true);

    // The supervisor transfers the demo agent's conversation to the second agent, with a note.
    const moved = rowsA[0];
    const consoleRow = admin
      .getByTestId('console-list')
      .locator(`[data-testid="console-conversation"][data-contact-name="${moved}"]`);
    await consoleRow.getByTestId('console-transfer').click();
    const transfer = admin.getByTestId('transfer-dialog');
    await transfer.getByTestId('transfer-target-agent').check();
    await transfer.getByTestId('transfer-agent').selectOption({ label: `${SECOND_AGENT.name} (Online)` });
    await transfer.getByTestId('transfer-note').fill('Bitte übernehmen, VIP');
    await transfer.getByTestId('transfer-submit').click();
    await transfer.waitFor({ state: 'detached' });

    // It shows up in the second agent's list and leaves the demo agent's, without a reload.
    await eventually(async () => (await myRows(agentB)).length === 2, 'the transfer did not reach the second agent');
    await eventually(async () => (await myRows(agentA)).length === 0, 'the transfer did not leave the demo agent');
    assert.deepEqual(await myRows(agentB), [ERIKA.name, MAX.name].sort());
    assert.equal(await agentB.evaluate(() => window.__sameDocument), true);
    await consoleAgent(admin, SECOND_AGENT.name).and(admin.locator('[data-open="2"]')).waitFor();
    await consoleAgent(admin, 'Demo Agent').and(admin.locator('[data-open="0"]')).waitFor();

    // The second agent reads who routed it where, with the note.
    await agentB.getByTestId('conversation-row').filter({ hasText: moved }).click();
    await agentB.getByTestId('conversation-view').waitFor();
    const panel = agentB.getByTestId('contact-panel');
    if (!(await panel.isVisible())) await agentB.getByTestId('contact-panel-toggle').click();
    const transferred = agentB.locator('[data-testid="history-entry"][data-kind="transferred"]');
    await transferred.waitFor();
    assert.match(await transferred.textContent(), /Demo Admin transferred it to Second Agent.*Bitte übernehmen, VIP/);
    await agentB.locator('[data-testid="history-entry"][data-kind="auto_assigned"]').first().waitFor();

    // Dragging the conversation onto the demo agent's row gives it back.
    await consoleRow.getByTestId('console-drag-handle').dragTo(consoleAgent(admin, 'Demo Agent'));
    await consoleAgent(admin, 'Demo Agent').and(admin.locator('[data-open="1"]')).waitFor();
    await consoleAgent(admin, SECOND_AGENT.name).and(admin.locator('[data-open="1"]')).waitFor();
    await eventually(async () => (await myRows(agentA)).length === 1, 'the drop did not reach the demo agent');
    assert.deepEqual(await myRows(agentA), [moved]);

    // An agent who turns busy shows so on the console.
    await agentA.getByTestId('presence-select').selectOption('busy');
    await agentA.locator('[data-testid="presence-selector"][data-status="busy"]').waitFor();
    await consoleAgent(admin, 'Demo Agent').and(admin.locator('[data-status="busy"]')).waitFor();
    assert.equal(
      await consoleAgent(admin, 'Demo Agent').getByTestId('console-agent-presence').getAttribute('data-status'),
      'busy',
    );
  });
});
