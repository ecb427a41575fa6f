// Desk journey: an administrator sets up a canned response and a label in the
// settings; an agent answers a customer with "/" and the canned response,
// labels the conversation and filters the list by the label.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

const ERIKA = { from: '+4915111110001', name: 'Erika Muster' };
const MAX = { from: '+4915111110002', name: 'Max Beispiel' };

/** A customer writes in on the sandbox phone, sent through the API as a signed-in user. */
async function customerWrites(page, customer, text) {
  const status = await page.evaluate(
    async ({ from, name, text }) => {
      const csrf = document.cookie
        .split('; ')
        .find((c) => c.startsWith('csrf_token='))
        ?.slice('csrf_token='.length);
      const res = await fetch('/api/sandbox/messages', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify({ from, name, type: 'text', text }),
      });
      return res.status;
    },
    { ...customer, text },
  );
  assert.equal(status, 202, `sandbox message from ${customer.name}`);
}

test('an agent answers with a canned response, labels the conversation and filters by the label', async () => {
  const admin = await stack.newPage();
  await stack.withScreenshot(admin, 'desk-admin', async () => {
    await signIn(admin, DEMO_ADMIN);

    // Settings → Canned responses: create "hours" with a placeholder.
    await admin.getByTestId('nav-settings').click();
    await admin.getByTestId('settings-nav-canned').click();
    await admin.getByTestId('new-canned').click();
    const cannedForm = admin.getByTestId('canned-form');
    await cannedForm.getByLabel('Shortcode').fill('hours');
    await cannedForm.getByLabel('Text').fill('Hi ');
    await cannedForm.getByRole('button', { name: '{{first_name}}' }).click();
    await cannedForm.getByLabel('Text').press('End');
    await cannedForm.getByLabel('Text').pressSequentially(', we are open from 9 to 17.');
    await cannedForm.getByTestId('canned-form-submit').click();
    const cannedRow = admin.getByTestId('canned-row-hours');
    await cannedRow.waitFor();
    assert.match(await cannedRow.textContent(), /Hi \{\{first_name\}\}, we are open from 9 to 17\./);

    // Settings → Labels: create "VIP".
    await admin.getByTestId('settings-nav-labels').click();
    await admin.getByTestId('new-label').click();
    const labelForm = admin.getByTestId('label-form');
    await labelForm.getByLabel('Name').fill('VIP');
    await labelForm.getByRole('button', { name: '#dc2626' }).click();
    await labelForm.getByTestId('label-form-submit').click();
    await admin.getByTestId('label-row-VIP').waitFor();

    // Two customers write in.
    await customerWrites(admin, ERIKA, 'When are you open?');
    await customerWrites(admin, MAX, 'Hello there');
  });

  const agent = await stack.newPage();
  await stack.withScreenshot(agent, 'desk-agent', async () => {
    await signIn(agent, DEMO_AGENT);
    await agent.getByTestId('nav-inbox').click();
    const rows = agent.getByTestId('conversation-row');
    const erikaRow = rows.filter({ hasText: ERIKA.name });
    await erikaRow.waitFor();
    await rows.filter({ hasText: MAX.name }).waitFor();

    // "/" opens the canned responses; typing narrows them; Enter inserts the filled-in text.
    await erikaRow.click();
    await agent.getByTestId('conversation-title').filter({ hasText: ERIKA.name }).waitFor();
    const input = agent.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/hou');
    await agent.getByTestId('canned-popup').waitFor();
    await agent.getByTestId('canned-option').filter({ hasText: '/hours' }).waitFor();
    await input.press('Enter');
    await agent.waitForFunction(
      () => document.querySelector('[data-testid="composer-input"]')?.value === 'Hi Erika, we are open from 9 to 17.',
    );
    assert.equal(await agent.getByTestId('canned-popup').count(), 0);
    await agent.getByTestId('composer-send').click();
    await agent.getByTestId('message').filter({ hasText: 'Hi Erika, we are open from 9 to 17.' }).waitFor();

    // Label the conversation in its header.
    const header = agent.getByTestId('conversation-header');
    await header.getByTestId('label-add').click();
    await header.getByTestId('label-option').filter({ hasText: 'VIP' }).click();
    await header.getByTestId('label-chip').filter({ hasText: 'VIP' }).waitFor();

    // Filter the list by the label: only Erika's conversation is left.
    await agent.getByTestId('label-filter').selectOption({ label: 'VIP' });
    await rows.filter({ hasText: MAX.name }).waitFor({ state: 'detached' });
    await erikaRow.getByTestId('label-chip').filter({ hasText: 'VIP' }).waitFor();
    assert.deepEqual(await rows.getByTestId('conversation-name').allTextContents(), [ERIKA.name]);

    // Removing the label takes the conversation out of the filtered list.
    await header.getByRole('button', { name: 'Remove label VIP' }).click();
    await header.getByTestId('label-chip').waitFor({ state: 'detached' });
    await erikaRow.waitFor({ state: 'detached' });
    await agent.getByTestId('label-filter').selectOption({ label: 'All labels' });
    await rows.filter({ hasText: MAX.name }).waitFor();
  });
});
