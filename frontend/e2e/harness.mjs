// Browser test harness: one fresh database, one `switchboard serve` and one
// Chromium per test file. Use it as
//
//   const stack = useStack();          // registers before/after hooks
//   test('…', async () => { const page = await stack.newPage(); … });
//
// Environment:
//   SWITCHBOARD_BIN                   the server binary (default <repo>/bin/switchboard)
//   SWITCHBOARD_TEST_DATABASE_URL     an admin URL used to create and drop the
//     (or DATABASE_URL)               test database (default postgres://postgres@127.0.0.1:5432/postgres)
//   SWITCHBOARD_CHROMIUM              the browser (default /usr/bin/chromium)
//   SWITCHBOARD_E2E_SCREENSHOTS       where failure screenshots go (default the OS temp dir)

import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEMO_ADMIN = { email: 'admin@demo.test', password: 'switchboard' };
export const DEMO_AGENT = { email: 'agent@demo.test', password: 'switchboard' };

const config = {
  bin: process.env.SWITCHBOARD_BIN || path.join(repoRoot, 'bin', 'switchboard'),
  adminURL:
    process.env.SWITCHBOARD_TEST_DATABASE_URL ||
    process.env.DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/postgres',
  chromium: process.env.SWITCHBOARD_CHROMIUM || '/usr/bin/chromium',
  screenshots: process.env.SWITCHBOARD_E2E_SCREENSHOTS || tmpdir(),
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

function databaseURL(adminURL, database) {
  const url = new URL(adminURL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient(fn) {
  const client = new pg.Client({ connectionString: config.adminURL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a subcommand of the binary to completion; its output goes into the error on failure. */
async function runBin(args, env) {
  try {
    await run(config.bin, args, { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`switchboard ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

async function waitForHealthy(baseURL, server, logs, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`switchboard serve exited with ${server.exitCode}:\n${logs.join('')}`);
    }
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`switchboard serve was not healthy within ${timeoutMs} ms:\n${logs.join('')}`);
}

async function stopProcess(child, graceMs = 5_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the whole stack for the current test file and tears it down after
 * it. Returns an object whose fields are filled in once `before` has run.
 */
export function useStack() {
  const stack = {
    baseURL: '',
    databaseURL: '',
    browser: /** @type {import('playwright-core').Browser | null} */ (null),
    serverLogs: /** @type {string[]} */ ([]),
    /** A page in a fresh browser context (own cookies and storage). */
    async newPage(options = {}) {
      const context = await stack.browser.newContext({ baseURL: stack.baseURL, locale: 'en-US', ...options });
      return context.newPage();
    },
    /**
     * Runs fn(page); when it throws, saves a screenshot of the page and adds
     * its path and the server's last log lines to the error.
     */
    async withScreenshot(page, name, fn) {
      try {
        return await fn(page);
      } catch (err) {
        const file = path.join(config.screenshots, `switchboard-e2e-${name}-${Date.now()}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true });
          err.message += `\n  screenshot: ${file}\n  page: ${page.url()}`;
        } catch (shotErr) {
          err.message += `\n  (no screenshot: ${shotErr.message})`;
        }
        err.message += `\n  server log (tail):\n${stack.serverLogs.join('').split('\n').slice(-30).join('\n')}`;
        throw err;
      }
    },
  };

  let database = '';
  let storageDir = '';
  let server = null;

  before(async () => {
    if (!existsSync(config.bin)) {
      throw new Error(
        `no server binary at ${config.bin}: build it with \`go build -o bin/switchboard ./backend/cmd/switchboard\` or set SWITCHBOARD_BIN`,
      );
    }
    database = `switchboard_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
    stack.databaseURL = databaseURL(config.adminURL, database);

    storageDir = await mkdtemp(path.join(tmpdir(), 'switchboard-e2e-'));
    const port = await freePort();
    stack.baseURL = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      SWITCHBOARD_DATABASE_URL: stack.databaseURL,
      SWITCHBOARD_HTTP_ADDR: `127.0.0.1:${port}`,
      SWITCHBOARD_PUBLIC_URL: stack.baseURL,
      SWITCHBOARD_STORAGE_DIR: storageDir,
      // No metrics listener: it would compete for its port with a local server.
      SWITCHBOARD_METRICS_ADDR: 'off',
      SWITCHBOARD_ENV: 'development',
    };

    await runBin(['migrate', 'up'], env);
    await runBin(['demo'], env);

    server = spawn(config.bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (chunk) => stack.serverLogs.push(chunk.toString()));
    server.stderr.on('data', (chunk) => stack.serverLogs.push(chunk.toString()));
    await waitForHealthy(stack.baseURL, server, stack.serverLogs);

    stack.browser = await chromium.launch({ executablePath: config.chromium, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await stack.browser?.close().catch(() => {});
    await stopProcess(server);
    if (database) {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
    }
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  return stack;
}

/** Signs in through the sign-in form and waits for the app shell. */
export async function signIn(page, { email, password }) {
  await page.goto('/login');
  await page.getByLabel(/^(Email|E-Mail)$/).fill(email);
  await page.getByLabel(/^(Password|Passwort)$/).fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('sign-out').waitFor();
}
