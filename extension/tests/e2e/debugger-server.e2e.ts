// The debugger panel with an AI-HTTP account connected: the server (a real process, embedded
// store) polls the real n8n and streams executions to the extension's background over /ws; the
// panel shows them live. When the server dies, the panel says so and polls n8n directly.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, clickRetry, launchWithExtension, n8nUnderTest, panelRowCount, screenshot, setValue, signInToN8n, waitForMoreRows, type ExtensionBrowser } from './harness.ts';
import { normalizeBaseUrl } from '@ai-http/shared/url';

const kind = browserKind();
const inPanel = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);
const sourceOf = (page: Page) => page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-source]')?.getAttribute('data-source') ?? null);

async function startServer(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-server-'));
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const started = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', POLLER_ENABLED: 'true', ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), JWT_SECRET: 'e'.repeat(48) });
  return { ...started, dataDir };
}

describe(`debugger panel in ${kind}, with the AI-HTTP server`, () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let workflow: WebhookWorkflow;
  let server: Awaited<ReturnType<typeof startServer>>;
  const n8n = n8nUnderTest();
  let accessToken = '';
  const serverInstances = async () => ((await (await fetch(`${server.url}/api/v1/instances`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { data: { items: { url: string; status: string; lastSync: string | null }[] } }).data.items;
  const account = { email: `e2e-${kind}-${Date.now()}@example.com`, password: 'e2e-Password-123!' };

  beforeAll(async () => {
    server = await startServer();
    const registered = await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'E2E' }) });
    expect(registered.status).toBe(201);
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    server?.child.kill('SIGKILL');
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('signs in to the server in the options page, and adding the n8n instance there tells the server', async () => {
    const options = await ext.openExtensionPage('options.html', '[data-testid=account-form]');
    await setValue(options, '[data-testid=account-server]', server.url);
    await setValue(options, '[data-testid=account-email]', account.email);
    await setValue(options, '[data-testid=account-password]', 'wrong-password-123');
    await options.click('[data-testid=account-sign-in]');
    await options.waitForSelector('[data-testid=account-message]', { timeout: 15_000 });
    expect(await options.$eval('[data-testid=account-message]', (el) => el.textContent)).toMatch(/password/i);
    await setValue(options, '[data-testid=account-password]', account.password);
    await options.click('[data-testid=account-sign-in]');
    await options.waitForSelector('[data-testid=account-status]', { timeout: 15_000 });
    expect(await options.$eval('[data-testid=account-status]', (el) => el.textContent)).toContain(account.email);

    await setValue(options, '[data-testid=instance-url]', n8n.url);
    await setValue(options, '[data-testid=instance-api-key]', n8n.apiKey);
    await options.click('[data-testid=instance-add]');
    await options.waitForFunction(() => /server watches it too/.test(document.querySelector('[data-testid=instance-message]')?.textContent ?? ''), { timeout: 15_000 });
    await screenshot(options, `${kind}-server-account`);
    await options.close();
    // The server now holds the instance (its key encrypted, shown masked).
    const login = (await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).json()) as { data: { accessToken: string } };
    accessToken = login.data.accessToken;
    const instances = await serverInstances();
    expect(instances.map((i) => normalizeBaseUrl(i.url))).toEqual([normalizeBaseUrl(n8n.url)]);
  }, 60_000);

  it('shows a failing execution live from the server stream, without a reload', async () => {
    page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-source][data-source=server]'), { timeout: 30_000 });
    await screenshot(page, `${kind}-server-live`);
    // The server's first poll of an instance records what is already there without announcing
    // it; wait for that baseline, as a user who just added the instance would not notice.
    for (const deadline = Date.now() + 30_000; !(await serverInstances()).some((i) => i.status === 'CONNECTED' && i.lastSync); ) {
      if (Date.now() > deadline) throw new Error(`the server never polled n8n: ${JSON.stringify(await serverInstances())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await workflow.trigger({ order: { id: 21 } })).status).toBe(200);
    // The server polls the whole n8n, which in a full test run is busy with every other test's
    // executions (each fetched with its data): allow it time.
    await page.waitForFunction(() => /Call API/.test(document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=failing-node]')?.textContent ?? ''), { timeout: 45_000 });
    expect(await sourceOf(page)).toBe('server');
    expect(await inPanel(page, '[data-testid=explanation]')).toMatch(/could not open a connection/);
    expect(await inPanel(page, '[data-testid=input-items]')).toContain('"id": 21');
    await screenshot(page, `${kind}-server-failure`);
  }, 120_000);

  it('retries the execution, and the new one arrives through the stream', async () => {
    const before = await panelRowCount(page);
    await clickRetry(page);
    await waitForMoreRows(page, before, 45_000);
    expect(await sourceOf(page)).toBe('server');
    await screenshot(page, `${kind}-server-retried`);
  }, 90_000);

  it('falls back to polling n8n when the server dies, and says so', async () => {
    const before = await panelRowCount(page);
    server.child.kill('SIGKILL');
    await page.waitForFunction(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-source][data-source=direct] [data-testid=panel-source-notice]'), { timeout: 20_000 });
    expect(await inPanel(page, '[data-testid=panel-source-notice]')).toMatch(/does not answer/);
    expect((await workflow.trigger({ order: { id: 22 } })).status).toBe(200);
    await waitForMoreRows(page, before, 20_000);
    await screenshot(page, `${kind}-server-offline`);
  }, 60_000);
});
