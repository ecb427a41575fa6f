// Live inbox journey: a customer writes on the sandbox phone, an agent sees it
// appear without reloading, answers, watches the ticks, and misses nothing
// while the realtime connection is down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

const CUSTOMER = { number: '+4915112345678', name: 'Erika Muster' };

/** Waits until fn() returns a truthy value (polling), or fails with message. */
async function eventually(fn, message, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${message} (last value: ${JSON.stringify(last)})`);
}

async function realtimeStatus(page) {
  return page.evaluate(() => window.__switchboardRealtime?.status() ?? 'missing');
}

async function waitForLive(page) {
  await eventually(async () => (await realtimeStatus(page)) === 'open', 'realtime connection did not open');
}

/** Sends a text from the phone page and waits until the phone shows it as sent. */
async function sendFromPhone(phone, text) {
  await phone.getByTestId('phone-text').fill(text);
  await phone.getByTestId('phone-send').click();
  await phone.getByTestId('phone-message').filter({ hasText: text }).first().waitFor();
}

/** The texts of the agent's open conversation, top to bottom. */
async function shownTexts(agent) {
  return agent.getByTestId('message').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
}

/** Messages of a conversation as the API has them (body texts in id order). */
async function storedBodies(page, conversationId) {
  return page.evaluate(async (id) => {
    const res = await fetch(`/api/conversations/${id}/messages?limit=200`, { credentials: 'same-origin' });
    return (await res.json()).items.map((m) => m.body);
  }, conversationId);
}

test('an agent answers the sandbox phone live and misses nothing while offline', async () => {
  const phoneContext = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const agentContext = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const phone = await phoneContext.newPage();
  const agent = await agentContext.newPage();

  await stack.withScreenshot(agent, 'inbox-agent', async () => {
    await signIn(phone, DEMO_ADMIN);
    await phone.goto('/sandbox');
    await phone.getByTestId('phone-number').fill(CUSTOMER.number);
    await phone.getByTestId('phone-name').fill(CUSTOMER.name);

    await signIn(agent, DEMO_AGENT);
    await agent.getByTestId('nav-inbox').click();
    await agent.getByTestId('conversation-list').waitFor();
    await waitForLive(agent);
    // Set on this document only: a reload would drop it.
    await agent.evaluate(() => {
      window.__sameDocument = true;
    });

    // The customer writes; the conversation and its message appear without a reload.
    await sendFromPhone(phone, 'Hallo, ich habe eine Frage');
    const row = agent.getByTestId('conversation-row').filter({ hasText: CUSTOMER.name });
    await row.waitFor();
    assert.match(await row.getByTestId('conversation-preview').textContent(), /Hallo, ich habe eine Frage/);
    assert.equal(await row.getByTestId('conversation-unread').textContent(), '1');
    assert.equal(await agent.evaluate(() => window.__sameDocument), true);

    await row.click();
    await agent.getByTestId('conversation-view').waitFor();
    assert.match(agent.url(), /\/inbox\/\d+$/);
    const conversationId = Number(agent.url().split('/').pop());
    const inbound = agent.getByTestId('message').filter({ hasText: 'Hallo, ich habe eine Frage' });
    assert.equal(await inbound.getAttribute('data-direction'), 'in');
    // Opening it marks it read.
    await row.getByTestId('conversation-unread').waitFor({ state: 'detached' });
    assert.equal(await agent.getByTestId('contact-whatsapp').textContent(), CUSTOMER.number);
    assert.equal(await agent.getByTestId('window-banner').getAttribute('data-state'), 'open');

    // The agent replies with Enter; the phone shows it; the tick turns "read" once the phone displayed it.
    await agent.getByTestId('composer-input').fill('Gerne, wie kann ich helfen?');
    await agent.getByTestId('composer-input').press('Enter');
    const reply = agent.getByTestId('message').filter({ hasText: 'Gerne, wie kann ich helfen?' });
    await reply.waitFor();
    assert.equal(await reply.getAttribute('data-direction'), 'out');
    assert.match(await reply.getByTestId('message-author').textContent(), /Demo Agent/);
    assert.equal(await agent.getByTestId('composer-input').inputValue(), '');
    const onPhone = phone.getByTestId('phone-message').filter({ hasText: 'Gerne, wie kann ich helfen?' });
    await onPhone.waitFor();
    assert.equal(await onPhone.getAttribute('data-direction'), 'in');
    await reply.locator('[data-testid="message-ticks"][data-status="read"]').waitFor();

    // A private note: shown to the agent as a note, never sent to the phone.
    await agent.getByTestId('composer-mode-note').click();
    await agent.getByTestId('composer-input').fill('Interne Notiz: Stammkundin');
    await agent.getByTestId('composer-send').click();
    const note = agent.getByTestId('message').filter({ hasText: 'Interne Notiz: Stammkundin' });
    await note.waitFor();
    assert.equal(await note.getAttribute('data-kind'), 'note');
    await note.getByTestId('note-label').waitFor();
    assert.equal(await note.getByTestId('message-ticks').count(), 0);
    await agent.getByTestId('composer-mode-reply').click();

    // The connection drops (the network goes away): "Reconnecting…" shows.
    await agentContext.setOffline(true);
    await agent.getByTestId('realtime-status').waitFor();
    assert.notEqual(await realtimeStatus(agent), 'open');

    const whileOffline = ['Erste Nachricht', 'Zweite Nachricht', 'Dritte Nachricht'];
    for (const text of whileOffline) await sendFromPhone(phone, text);
    // All three are stored before the agent is back…
    await eventually(async () => {
      const bodies = await storedBodies(phone, conversationId);
      return whileOffline.every((t) => bodies.includes(t));
    }, 'the phone messages were not stored');
    // …and none has reached the agent's page.
    for (const text of whileOffline) {
      assert.equal(
        await agent.getByTestId('message').filter({ hasText: text }).count(),
        0,
        `${text} arrived while offline`,
      );
    }

    // Back online: every message shows, once each and in order.
    await agentContext.setOffline(false);
    await agent.getByTestId('realtime-status').waitFor({ state: 'detached' });
    await agent.getByTestId('message').filter({ hasText: 'Dritte Nachricht' }).waitFor();
    const texts = await shownTexts(agent);
    const positions = whileOffline.map((text) => texts.findIndex((t) => t.includes(text)));
    assert.ok(
      positions.every((p) => p >= 0),
      `missing after reconnect: ${JSON.stringify(texts)}`,
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'out of order',
    );
    for (const text of whileOffline) {
      assert.equal(texts.filter((t) => t.includes(text)).length, 1, `${text} shown more than once`);
    }
    assert.deepEqual(
      (await storedBodies(agent, conversationId)).filter((b) => whileOffline.includes(b)),
      whileOffline,
    );

    // The same after the socket alone drops (the page stays online), via the test hook.
    await agent.evaluate(() => window.__switchboardRealtime.pause());
    await agent.getByTestId('realtime-status').waitFor();
    await sendFromPhone(phone, 'Vierte Nachricht');
    await eventually(
      async () => (await storedBodies(agent, conversationId)).includes('Vierte Nachricht'),
      'the fourth message was not stored',
    );
    assert.equal(await agent.getByTestId('message').filter({ hasText: 'Vierte Nachricht' }).count(), 0);
    await agent.evaluate(() => window.__switchboardRealtime.resume());
    await agent.getByTestId('message').filter({ hasText: 'Vierte Nachricht' }).waitFor();
    await agent.getByTestId('realtime-status').waitFor({ state: 'detached' });

    // Still the same document all along.
    assert.equal(await agent.evaluate(() => window.__sameDocument), true);

    // The note never reached the phone.
    await phone.getByTestId('phone-message').filter({ hasText: 'Vierte Nachricht' }).waitFor();
    assert.doesNotMatch(await phone.getByTestId('phone-thread').textContent(), /Interne Notiz/);
    const phoneThread = await phone.evaluate(async (number) => {
      const res = await fetch(`/api/sandbox/messages?number=${encodeURIComponent(number)}`, {
        credentials: 'same-origin',
      });
      return (await res.json()).items.map((m) => m.body);
    }, CUSTOMER.number);
    assert.ok(phoneThread.includes('Gerne, wie kann ich helfen?'));
    assert.ok(!phoneThread.some((b) => b.includes('Interne Notiz')));
  });
  await phoneContext.close();
  await agentContext.close();
});

test('agents see each other viewing and typing, assign, snooze and resolve', async () => {
  const phoneContext = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const agentContext = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const adminContext = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const phone = await phoneContext.newPage();
  const agent = await agentContext.newPage();
  const admin = await adminContext.newPage();

  await stack.withScreenshot(agent, 'inbox-team', async () => {
    await signIn(phone, DEMO_ADMIN);
    await phone.goto('/sandbox');
    await phone.getByTestId('phone-number').fill('+4917623456789');
    await phone.getByTestId('phone-name').fill('Jonas Becker');
    await sendFromPhone(phone, 'Wann öffnet Ihr Laden am Samstag?');

    await signIn(agent, DEMO_AGENT);
    await agent.goto('/inbox');
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Jonas Becker' });
    await row.click();
    await agent.getByTestId('conversation-view').waitFor();
    const path = new URL(agent.url()).pathname;
    await waitForLive(agent);

    // The administrator opens the same conversation: each sees the other.
    await signIn(admin, DEMO_ADMIN);
    await admin.goto(path);
    await admin.getByTestId('conversation-view').waitFor();
    await waitForLive(admin);
    await agent
      .getByTestId('viewing-indicator')
      .filter({ hasText: /Demo Admin/ })
      .waitFor();
    await admin
      .getByTestId('viewing-indicator')
      .filter({ hasText: /Demo Agent/ })
      .waitFor();

    // Typing shows on the other side, not on one's own.
    await admin.getByTestId('composer-input').pressSequentially('Ich übernehme');
    await agent.getByTestId('typing-indicator').filter({ hasText: 'Demo Admin is typing…' }).waitFor();
    assert.equal((await admin.getByTestId('typing-indicator').textContent()).trim(), '');

    // Assign to me: the list's assignee and the "Mine" tab follow.
    await agent.getByTestId('assign-me').click();
    await row.getByTestId('conversation-assignee').filter({ hasText: 'Demo Agent' }).waitFor();
    await agent.getByTestId('inbox-tab-mine').click();
    await agent.getByTestId('conversation-row').filter({ hasText: 'Jonas Becker' }).waitFor();
    // The administrator's page follows live, and administrators get the agent select.
    await admin.getByTestId('assignee-select').waitFor();
    await eventually(
      async () => (await admin.getByTestId('assignee-select').inputValue()) !== '',
      'assignment did not reach the other page',
    );

    // Snooze for an hour, then resolve: it leaves the "open" list; the resolved filter has it.
    await agent.getByTestId('status-menu').click();
    await agent.getByTestId('snooze-1h').click();
    await agent
      .getByTestId('conversation-header')
      .getByTestId('conversation-status')
      .filter({ hasText: 'Snoozed' })
      .waitFor();
    await agent.getByTestId('snoozed-until').waitFor();
    await agent.getByTestId('conversation-row').filter({ hasText: 'Jonas Becker' }).waitFor({ state: 'detached' });
    await agent.getByTestId('status-resolve').click();
    await agent.getByTestId('status-reopen').waitFor();
    await agent.getByTestId('status-filter').selectOption('resolved');
    await agent.getByTestId('conversation-row').filter({ hasText: 'Jonas Becker' }).waitFor();

    // German: the desk speaks the chosen language.
    await agent.getByTestId('language-select').selectOption('de');
    await agent.getByTestId('status-reopen').filter({ hasText: 'Wieder öffnen' }).waitFor();
    await agent.getByTestId('composer-mode-note').filter({ hasText: 'Private Notiz' }).waitFor();
  });
  await phoneContext.close();
  await agentContext.close();
  await adminContext.close();
});
