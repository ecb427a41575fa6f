// The app runs under its Content-Security-Policy: no violation, console error
// or page error on the main pages, the realtime websocket opens, and an
// injected inline script is refused (the policy is really in force).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, DEMO_AGENT, signIn, useStack } from './harness.mjs';

const stack = useStack();

const PAGES = ['/inbox', '/sandbox', '/supervisor', '/contacts', '/settings/profile', '/settings/labels'];

/** Records CSP violations in the page and console and page errors outside it. */
async function watch(page) {
  const problems = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

const violations = (page) => page.evaluate(() => window.__cspViolations);

test('the app works under its strict CSP for agents and administrators', async () => {
  for (const who of [DEMO_AGENT, DEMO_ADMIN]) {
    const page = await stack.newPage();
    const problems = await watch(page);
    await signIn(page, who);
    // Before signing in the app is told 401 by /api/me: expected.
    assert.ok(
      problems.every((p) => p.includes('status of 401')),
      JSON.stringify(problems),
    );
    problems.length = 0;
    const found = [...(await violations(page))];

    if (who === DEMO_ADMIN) {
      // A label renders with a React style prop (CSS custom properties).
      const status = await page.evaluate(async () => {
        const csrf = document.cookie
          .split('; ')
          .find((c) => c.startsWith('csrf_token='))
          ?.split('=')[1];
        const res = await fetch('/api/labels', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf ?? '') },
          body: JSON.stringify({ name: 'CSP check', color: '#e11d48' }),
        });
        return res.status;
      });
      assert.equal(status, 201);
    }
    for (const path of PAGES) {
      const res = await page.goto(path);
      assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self';/, path);
      await page.waitForLoadState('networkidle');
      found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
    }
    if (who === DEMO_ADMIN) {
      const background = await page
        .locator('.label-chip')
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.equal(background, 'rgb(225, 29, 72)', 'the label colour (a style prop) was not applied');
    }
    const wsOpened = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/ws`);
          ws.onopen = () => {
            ws.close();
            resolve(true);
          };
          ws.onerror = () => resolve(false);
        }),
    );
    assert.equal(wsOpened, true, 'the realtime websocket was blocked');
    assert.deepEqual(found, [], `CSP violations for ${who.email}`);
    assert.deepEqual(problems, [], `console or page errors for ${who.email}`);

    const control = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return { ran: window.__inlineRan === true, violations: window.__cspViolations.length };
    });
    assert.deepEqual(control, { ran: false, violations: 1 }, 'an inline script was not refused');
    await page.close();
  }
});
