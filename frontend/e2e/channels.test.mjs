// Channels journey: an administrator connects a WhatsApp channel; a tester
// plays the customer on the sandbox phone; agents have no channel settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

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
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    },
    { method, path, body },
  );
}

async function until(what, fn, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('an administrator connects a WhatsApp channel, sees its webhook URL, disables and re-enables it', async () => {
  const page = await stack.newPage();
  const name = 'WhatsApp Support E2E';
  const verifyToken = 'e2e-verify-token';

  await stack.withScreenshot(page, 'channels-create', async () => {
    await signIn(page, DEMO_ADMIN);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-channels').click();
    await page.getByTestId('channel-list').waitFor();

    await page.getByTestId('new-channel').click();
    const form = page.getByTestId('create-channel-form');
    await form.getByLabel('Channel type').selectOption('whatsapp_cloud');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Access token').fill('EAAG-e2e-access-token');
    await form.getByLabel('Verify token').fill(verifyToken);
    await form.getByTestId('sender-phone-0').fill('+491701234567');
    await form.getByTestId('sender-provider-id-0').fill('109876543210');
    await form.getByTestId('sender-label-0').fill('Support');

    // Without the app secret the server refuses, and says so at that field.
    await form.getByTestId('create-channel-submit').click();
    const appSecret = form.getByLabel('App secret');
    await form.locator('input[name="credentials.app_secret"][aria-invalid="true"]').waitFor();
    const describedBy = await appSecret.getAttribute('aria-describedby');
    const errorText = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent();
    assert.match(errorText, /required/);
    assert.equal(await form.getByRole('alert').textContent(), 'Please correct the marked fields.');

    await appSecret.fill('e2e-app-secret');
    await form.getByTestId('create-channel-submit').click();
    await page.getByTestId('channel-created').waitFor();

    const card = page.getByTestId(`channel-card-${name}`);
    await card.waitFor();
    assert.equal(await card.getByTestId('channel-kind-badge').textContent(), 'WhatsApp Cloud');
    assert.equal(await card.getByTestId('channel-status').textContent(), 'Enabled');
    assert.match(await card.getByTestId('channel-sender').textContent(), /\+491701234567 · Support/);
    const webhookURL = await card.getByTestId('channel-webhook-url').inputValue();
    assert.match(webhookURL, new RegExp(`^${stack.baseURL.replaceAll('.', '\\.')}/webhooks/whatsapp/\\d+$`));
    assert.equal(await card.getByTestId('credential-status-app_secret').textContent(), 'App secretSet');
    assert.match(await card.getByTestId('credential-status-waba_id').textContent(), /Not set/);
    // No secret is ever on the page.
    const html = await page.content();
    for (const secret of ['EAAG-e2e-access-token', 'e2e-app-secret']) assert.equal(html.includes(secret), false);

    // The stored verify token answers Meta's handshake at that URL.
    const challenge = await fetch(
      `${webhookURL}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=4242`,
    );
    assert.equal(challenge.status, 200);
    assert.equal(await challenge.text(), '4242');

    // Disable, then enable again.
    const toggle = card.getByRole('switch', { name: `${name} enabled` });
    await toggle.click();
    await card.getByTestId('channel-status').getByText('Disabled', { exact: true }).waitFor();
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
    await toggle.click();
    await card.getByTestId('channel-status').getByText('Enabled', { exact: true }).waitFor();
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');

    // And the server agrees after a reload.
    await page.reload();
    await page.getByTestId(`channel-card-${name}`).getByTestId('channel-status').getByText('Enabled').waitFor();
  });
  await page.context().close();
});

test('a new customer writes from the sandbox phone, sees the reply read; agents have no channel settings', async () => {
  const page = await stack.newPage();
  const number = `+49151${String(Date.now()).slice(-8)}`;
  const text = `Hallo, hier ist ein Test ${Date.now()}`;

  await stack.withScreenshot(page, 'sandbox-phone', async () => {
    await signIn(page, DEMO_ADMIN);
    await page.getByTestId('nav-sandbox').click();
    await page.getByTestId('phone-thread').waitFor();
    assert.match(await page.getByTestId('phone-business-number').textContent(), /\+4930901820$/);

    await page.getByTestId('phone-number').fill(number);
    await page.getByTestId('phone-name').fill('Erika E2E');
    await page.getByTestId('phone-empty').waitFor();

    // A text…
    await page.getByTestId('phone-text').fill(text);
    await page.getByTestId('phone-send').click();
    const sentText = page.locator('[data-testid="phone-message"][data-direction="out"][data-kind="text"]');
    await sentText.getByText(text).waitFor();
    assert.equal(await page.getByTestId('phone-text').inputValue(), '');

    // …and a location.
    await page.getByTestId('phone-location').click();
    await page.getByLabel('Latitude').fill('48.137154');
    await page.getByLabel('Longitude').fill('11.576124');
    await page.getByLabel('Place name').fill('Marienplatz');
    await page.getByTestId('phone-location-send').click();
    const sentPlace = page.locator('[data-testid="phone-message"][data-direction="out"][data-kind="location"]');
    await sentPlace.getByText('Marienplatz').waitFor();
    assert.match(await sentPlace.textContent(), /48\.13715, 11\.57612/);

    // Each once, in order, and nothing left pending.
    await page.getByTestId('phone-message-pending').waitFor({ state: 'detached' });
    const kinds = await page
      .getByTestId('phone-message')
      .evaluateAll((els) => els.map((el) => `${el.dataset.direction}:${el.dataset.kind}`));
    assert.deepEqual(kinds, ['out:text', 'out:location']);

    // The desk answers (through the API); the phone shows it from the business's side and reads it.
    const thread = await apiCall(page, 'GET', `/api/sandbox/messages?number=${encodeURIComponent(number)}`);
    const conversationId = thread.body.items[0].conversation_id;
    const conversation = await apiCall(page, 'GET', `/api/conversations/${conversationId}`);
    assert.equal(conversation.body.contact.whatsapp_number, number);
    assert.equal(conversation.body.contact.name, 'Erika E2E');
    const reply = await apiCall(page, 'POST', `/api/conversations/${conversationId}/messages`, {
      kind: 'text',
      body: 'Danke, wir kümmern uns darum.',
    });
    assert.equal(reply.status, 201);
    await page
      .locator('[data-testid="phone-message"][data-direction="in"]')
      .getByText('Danke, wir kümmern uns darum.')
      .waitFor();
    await until('the reply to be reported read', async () => {
      const messages = await apiCall(page, 'GET', `/api/conversations/${conversationId}/messages`);
      return messages.body.items.find((m) => m.id === reply.body.id)?.status === 'read';
    });

    // The customer is remembered for next time.
    await page.reload();
    assert.equal(await page.getByTestId('phone-number').inputValue(), number);
    assert.equal(await page.getByTestId('phone-name').inputValue(), 'Erika E2E');
  });

  const agent = await stack.newPage();
  await stack.withScreenshot(agent, 'agent-no-channels', async () => {
    await signIn(agent, DEMO_AGENT);
    await agent.getByTestId('nav-sandbox').waitFor();
    await agent.getByTestId('nav-settings').click();
    await agent.getByRole('navigation', { name: 'Settings sections' }).waitFor();
    assert.equal(await agent.getByTestId('settings-nav-channels').count(), 0);
    await agent.goto('/settings/channels');
    await agent.getByTestId('no-access').waitFor();
    // …and the API refuses it too.
    const refused = await apiCall(agent, 'POST', '/api/channels', { kind: 'sandbox', name: 'Not mine', senders: [] });
    assert.equal(refused.status, 403);
  });
  await agent.context().close();
  await page.context().close();
});
