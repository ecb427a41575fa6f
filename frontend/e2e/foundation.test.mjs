// Foundation journey: sign-in, language, user administration, permissions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

test('an administrator creates an agent, who then has no user administration', async () => {
  const page = await stack.newPage();
  const agent = { email: `new.agent.${Date.now()}@demo.test`, name: 'Nora Neu', password: 'a-long-initial-password' };

  await stack.withScreenshot(page, 'foundation', async () => {
    // Sign in as the demo administrator.
    await signIn(page, DEMO_ADMIN);
    assert.equal(await page.getByTestId('user-role').textContent(), 'Administrator');

    // German labels after switching the language, and <html lang> follows.
    await page.getByTestId('language-select').selectOption('de');
    await page.getByRole('link', { name: 'Einstellungen' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'de');

    // Create an agent on the Users page.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('new-user').click();
    const form = page.getByTestId('create-user-form');
    await form.getByLabel('Name').fill(agent.name);
    await form.getByLabel('E-Mail').fill(agent.email);
    await form.getByLabel('Rolle').selectOption('agent');
    await form.getByLabel('Erstes Passwort').fill(agent.password);
    await form.getByTestId('create-user-submit').click();
    await page.getByTestId('user-created').waitFor();
    const row = page.getByTestId(`user-row-${agent.email}`);
    await row.waitFor();
    assert.match(await row.textContent(), /Agent:in/);

    // Sign out; the language choice survives.
    await page.getByTestId('sign-out').click();
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();

    // Sign in as the new agent.
    await signIn(page, agent);
    assert.equal(await page.getByTestId('user-name').textContent(), agent.name);
    assert.equal(await page.getByTestId('user-role').textContent(), 'Agent:in');

    // No user administration for an agent: not in the navigation…
    await page.getByTestId('nav-settings').click();
    await page.getByRole('navigation', { name: 'Bereiche der Einstellungen' }).waitFor();
    assert.equal(await page.getByTestId('settings-nav-users').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Benutzer' }).count(), 0);

    // …and the API refuses it too.
    const status = await page.evaluate(async () => (await fetch('/api/users', { credentials: 'same-origin' })).status);
    assert.equal(status, 403);
  });
});

test('a wrong password is refused with a clear message', async () => {
  const context = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US' });
  const page = await context.newPage();
  await stack.withScreenshot(page, 'wrong-password', async () => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO_AGENT.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    assert.equal(await page.getByTestId('login-error').textContent(), 'The email address or password is wrong.');
  });
  await context.close();
});

test('an administrator deactivates a user, who then cannot sign in, and reactivates them', async () => {
  const admin = await stack.newPage();
  await stack.withScreenshot(admin, 'deactivate', async () => {
    await signIn(admin, DEMO_ADMIN);
    await admin.goto('/settings/users');
    const row = admin.getByTestId(`user-row-${DEMO_AGENT.email}`);
    await row.getByTestId('user-deactivate').click();
    await row.getByTestId('user-reactivate').waitFor();
    assert.match(await row.textContent(), /Inactive/);

    const agent = await stack.newPage();
    await agent.goto('/login');
    await agent.getByLabel('Email').fill(DEMO_AGENT.email);
    await agent.getByLabel('Password').fill(DEMO_AGENT.password);
    await agent.getByTestId('login-submit').click();
    await agent.getByTestId('login-error').waitFor();
    await agent.context().close();

    await row.getByTestId('user-reactivate').click();
    await row.getByTestId('user-deactivate').waitFor();
    assert.match(await row.textContent(), /Active/);
  });
});

test('an API token works as a bearer token until it is revoked', async () => {
  const page = await stack.newPage();
  await stack.withScreenshot(page, 'tokens', async () => {
    await signIn(page, DEMO_ADMIN);
    await page.goto('/settings/tokens');
    await page.getByTestId('new-token').click();
    const form = page.getByTestId('create-token-form');
    await form.getByLabel('Name').fill('Nightly export');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByTestId('create-token-submit').click();
    const secret = await page.getByTestId('token-secret').inputValue();
    assert.match(secret, /^sb_/);

    const call = () => fetch(`${stack.baseURL}/api/users`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal((await call()).status, 200);

    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByTestId('token-row-Nightly export');
    await row.getByTestId('token-revoke').click();
    await row.getByTestId('token-revoke-confirm').click();
    await row.getByText(/^Revoked/).waitFor();
    assert.equal((await call()).status, 401);
  });
});
