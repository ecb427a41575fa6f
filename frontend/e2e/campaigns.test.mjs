// Campaign journey: the sandbox phone joins the demo Newsletter group (START
// NEWS); an administrator creates a WhatsApp campaign to the group with a
// template whose variable is the contact's first name, checks the preview,
// sends it now in session mode to the Support queue and watches the progress
// bar; the phone receives it and replies; the demo agent (in Support) sees
// the conversation; the results show delivered, read and replied; the
// campaign is duplicated into a draft.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

async function query(sql, params = []) {
  const client = new pg.Client({ connectionString: stack.databaseURL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function until(what, fn, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function phoneSays(page, text) {
  await page.getByTestId('phone-text').fill(text);
  await page.getByTestId('phone-send').click();
  await page.locator('[data-testid="phone-message"][data-direction="out"]').filter({ hasText: text }).first().waitFor();
}

/** The figure of one count on the campaign page (e.g. "delivered"). */
async function countOf(page, key) {
  return Number((await page.getByTestId(`count-${key}`).locator('dd').textContent()).replace(/\D/g, ''));
}

test('a WhatsApp campaign to a group opens routed sessions, is delivered, read and replied to, and is duplicated', async () => {
  const admin = await stack.newPage();
  const number = `+49151${String(Date.now()).slice(-8)}`;
  const text = 'Ihre Bestellung A-1 ist unterwegs';
  let campaignId = 0;

  await stack.withScreenshot(admin, 'campaign-join', async () => {
    await signIn(admin, DEMO_ADMIN);
    await admin.goto('/sandbox');
    await admin.getByTestId('phone-thread').waitFor();
    await admin.getByTestId('phone-number').fill(number);
    await admin.getByTestId('phone-name').fill('Nora News');
    await admin.getByTestId('phone-empty').waitFor();
    await phoneSays(admin, 'Hallo!');
    await phoneSays(admin, 'START NEWS');
    await admin
      .locator('[data-testid="phone-message"][data-direction="in"]')
      .filter({ hasText: 'Newsletter' })
      .waitFor({ timeout: 15_000 });
    // That first conversation is done: the campaign opens a new one, routed to Support.
    await query(
      `UPDATE conversations SET status = 'resolved'
        WHERE contact_id = (SELECT id FROM contacts WHERE whatsapp_number = $1)`,
      [number],
    );
  });

  await stack.withScreenshot(admin, 'campaign-create', async () => {
    await admin.getByTestId('nav-campaigns').click();
    await admin.getByTestId('campaign-new').click();
    await admin.getByTestId('campaign-name').fill('Bestellung unterwegs');
    await admin
      .getByTestId('campaign-groups')
      .getByLabel(/Newsletter/)
      .check();
    const counts = admin.getByTestId('campaign-preview-counts');

    await admin.getByTestId('template-select').selectOption({ label: 'order_update (de)' });
    await admin.getByTestId('template-field-body.1').click();
    await admin.getByTestId('template-placeholder-picker').selectOption('first_name');
    assert.equal(await admin.getByTestId('template-field-body.1').inputValue(), '{{first_name}}');
    await admin.getByTestId('template-field-body.2').fill('A-1');
    await admin
      .getByTestId('template-preview')
      .getByText(/Ihre Bestellung A-1/)
      .waitFor();

    // The group's one member with consent receives it; nobody else is in the group.
    await until('the preview count', async () =>
      /^1 will receive it/.test((await counts.getByTestId('preview-will-receive').textContent()) ?? ''),
    );
    assert.match(await counts.getByTestId('preview-total').textContent(), /^1 in total, 0 excluded/);

    await admin.getByTestId('campaign-mode-session').check();
    await admin.getByTestId('campaign-route').selectOption({ label: 'Support' });
    await admin.getByTestId('campaign-when-now').check();
    await admin.getByTestId('campaign-submit').click();
    await admin.getByTestId('campaign-detail').waitFor();
    campaignId = Number(new URL(admin.url()).pathname.split('/').pop());
    assert.ok(campaignId > 0, `on the campaign page: ${admin.url()}`);
  });

  await stack.withScreenshot(admin, 'campaign-progress', async () => {
    const bar = admin.getByTestId('campaign-progress');
    const seen = new Set([await bar.getAttribute('aria-valuenow')]);
    await until('the progress bar at 100 %', async () => {
      seen.add(await bar.getAttribute('aria-valuenow'));
      return seen.has('100');
    });
    assert.equal(await bar.getAttribute('data-of'), '1');
    await until('the campaign completed', async () =>
      ['completed'].includes(await admin.getByTestId('campaign-detail').getAttribute('data-status')),
    );
    assert.equal(await countOf(admin, 'sent'), 1);
  });

  const phone = await stack.newPage();
  await stack.withScreenshot(phone, 'campaign-phone', async () => {
    await signIn(phone, DEMO_ADMIN);
    await phone.goto('/sandbox');
    await phone.getByTestId('phone-number').fill(number);
    const received = phone.locator('[data-testid="phone-message"][data-direction="in"]').filter({ hasText: text });
    await received.waitFor({ timeout: 20_000 });
    assert.match(await received.textContent(), /Hallo Nora, Ihre Bestellung A-1 ist unterwegs/);
    await phoneSays(phone, 'Danke, super!');
  });

  const agent = await stack.newPage();
  await stack.withScreenshot(agent, 'campaign-agent', async () => {
    await signIn(agent, DEMO_AGENT);
    await agent.getByTestId('nav-inbox').click();
    const row = agent.getByTestId('conversation-row').filter({ hasText: 'Nora News' });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    await agent.getByTestId('message').filter({ hasText: text }).waitFor();
    await agent.getByTestId('message').filter({ hasText: 'Danke, super!' }).waitFor();
    const [conv] = await query(
      `SELECT c.queue_id, q.name FROM campaign_recipients r
         JOIN conversations c ON c.id = r.conversation_id
         LEFT JOIN queues q ON q.id = c.queue_id
        WHERE r.campaign_id = $1`,
      [campaignId],
    );
    assert.equal(conv?.name, 'Support', 'the campaign opened a conversation routed to Support');
  });

  await stack.withScreenshot(admin, 'campaign-results', async () => {
    // Delivery, read and reply reach the open results page live (campaign.updated), without a reload.
    await until(
      'delivered, read and replied',
      async () =>
        (await countOf(admin, 'delivered')) === 1 &&
        (await countOf(admin, 'read')) === 1 &&
        (await countOf(admin, 'replied')) === 1,
      30_000,
    );
    const row = admin.getByTestId(`recipient-row-${number}`);
    await row.locator('[data-testid="recipient-progress"][data-progress="replied"]').waitFor();
    assert.equal(await row.getByTestId('recipient-status').getAttribute('data-status'), 'sent');
    const [stored] = await query(
      `SELECT delivered_at IS NOT NULL AS delivered, read_at IS NOT NULL AS read, replied_at IS NOT NULL AS replied
         FROM campaign_recipients WHERE campaign_id = $1 AND number = $2`,
      [campaignId, number],
    );
    assert.deepEqual(stored, { delivered: true, read: true, replied: true });
  });

  await stack.withScreenshot(admin, 'campaign-duplicate', async () => {
    await admin.getByTestId('campaign-duplicate').click();
    await admin.waitForURL(/\/campaigns\/\d+\/edit$/);
    const copyId = Number(new URL(admin.url()).pathname.split('/')[2]);
    assert.notEqual(copyId, campaignId);
    assert.match(await admin.getByTestId('campaign-name').inputValue(), /Bestellung unterwegs/);
    assert.ok(await admin.getByTestId('campaign-when-draft').isChecked());
    assert.ok(
      await admin
        .getByTestId('campaign-groups')
        .getByLabel(/Newsletter/)
        .isChecked(),
    );
    assert.equal(await admin.getByTestId('template-field-body.2').inputValue(), 'A-1');
    await admin.getByTestId('campaign-submit').click();
    await admin.locator('[data-testid="campaign-detail"][data-status="draft"]').waitFor();
    await admin.getByTestId('nav-campaigns').click();
    await admin
      .getByTestId(`campaign-row-${copyId}`)
      .locator('[data-testid="campaign-status"][data-status="draft"]')
      .waitFor();
    const [copy] = await query(`SELECT status FROM campaigns WHERE id = $1`, [copyId]);
    assert.equal(copy.status, 'draft');
  });

  await agent.context().close();
  await phone.context().close();
  await admin.context().close();
});
