// The account from the options page, against a real AI-HTTP server process (embedded store):
// register (the server's own message shown in place for a bad password), create an API key with
// its scopes (shown once), use it with curl, revoke it, and curl gets 401; and the lines that install
// the n8n hook for an instance, whose secret the server accepts.
import { execFile, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, setValue, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
/** curl's HTTP status for a GET with the key (asynchronously: nothing else waits on it). */
const curlStatus = async (url: string, key: string) => (await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${key}`, url], { timeout: 10_000 })).stdout;

describe(`settings in ${kind}: register, API keys`, () => {
  let ext: ExtensionBrowser;
  let options: Page;
  let server: { url: string; child: ChildProcess };
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-settings-'));

  beforeAll(async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), JWT_SECRET: 'f'.repeat(48) });
    ext = await launchWithExtension(kind);
    options = await ext.openExtensionPage('options.html', '[data-testid=account-form]');
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    server?.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers from the options page, showing the server\'s message for a bad password in place', async () => {
    await click(options, '[data-testid=account-mode]');
    await options.waitForSelector('[data-testid=account-name]');
    await setValue(options, '[data-testid=account-server]', server.url);
    await setValue(options, '[data-testid=account-name]', 'Ada');
    await setValue(options, '[data-testid=account-email]', `settings-${kind}-${Date.now()}@example.com`);
    await setValue(options, '[data-testid=account-password]', 'short');
    await click(options, '[data-testid=account-sign-in]');
    await options.waitForSelector('[data-testid=account-message]', { timeout: 15_000 });
    expect(await text(options, '[data-testid=account-message]')).toMatch(/password.*at least 10 characters/i);
    await setValue(options, '[data-testid=account-password]', 'a-long-Password-1');
    await click(options, '[data-testid=account-sign-in]');
    await options.waitForSelector('[data-testid=account-status]', { timeout: 15_000 });
    expect(await text(options, '[data-testid=account-status]')).toContain(server.url);
  });

  it('creates an API key shown once, which works with curl until it is revoked', async () => {
    await options.waitForSelector('[data-testid=api-key-form]');
    await setValue(options, '[data-testid=api-key-name]', 'nightly script');
    await click(options, '[data-testid=api-key-create]');
    await options.waitForSelector('[data-testid=api-key-value]', { timeout: 15_000 });
    const key = await text(options, '[data-testid=api-key-value]');
    expect(key).toMatch(/^aih_/);
    await waitFor('the key listed', () => options.evaluate(() => document.querySelector('[data-testid=api-key-list] li')?.textContent?.includes('nightly script') || null));
    expect(await text(options, '[data-testid=api-key-list] li')).toMatch(/read/);
    // The list shows its prefix, never the key itself.
    expect(await text(options, '[data-testid=api-key-list]')).not.toContain(key);
    await screenshot(options, `${kind}-settings-api-key`);

    expect(await curlStatus(`${server.url}/api/v1/instances`, key)).toBe('200');
    await click(options, '[data-testid=api-key-list] li [data-testid=api-key-revoke]');
    await waitFor('the key gone from the list', () => options.evaluate(() => !document.querySelector('[data-testid=api-key-list] li') || null));
    expect(await curlStatus(`${server.url}/api/v1/instances`, key)).toBe('401');
  });

  it('shows how to install the n8n hook for an instance, with a secret the server accepts', async () => {
    // The options page checks that the n8n answers before it keeps it: the real one under test.
    const n8n = n8nUnderTest();
    const origin = new URL(n8n.url).origin;
    await setValue(options, '[data-testid=instance-url]', n8n.url);
    await setValue(options, '[data-testid=instance-api-key]', n8n.apiKey);
    await click(options, '[data-testid=instance-add]');
    await options.waitForSelector(`[data-testid=instances] li[data-origin="${origin}"]`, { timeout: 15_000 });
    await click(options, `[data-testid=instances] li[data-origin="${origin}"] [data-testid=instance-hook]`);
    await options.waitForSelector('[data-testid=instance-hook-compose]', { timeout: 15_000 });
    const compose = await text(options, '[data-testid=instance-hook-compose]');
    const url = /AIHTTP_HOOK_URL=(\S+)/.exec(compose)?.[1];
    const secret = /AIHTTP_HOOK_SECRET=(\S+)/.exec(compose)?.[1];
    expect(url).toMatch(new RegExp(`^${server.url}/api/v1/hooks/n8n/[0-9a-f-]{36}$`));
    expect(compose).toContain('EXTERNAL_HOOK_FILES=');
    expect(await text(options, '[data-testid=instance-hook-npm]')).toContain(`AIHTTP_HOOK_SECRET=${secret}`);
    await screenshot(options, `${kind}-settings-hook`);
    // The secret shown signs a notice the server accepts, as the hook file would send it.
    const body = JSON.stringify({ v: 1, id: '1', workflowId: 'w1', status: 'success', mode: 'webhook', startedAt: new Date().toISOString(), stoppedAt: new Date().toISOString(), data: { resultData: { runData: {} } }, workflowData: { id: 'w1', name: 'W', nodes: [] } });
    const timestamp = String(Date.now());
    const signature = createHmac('sha256', secret!).update(`${timestamp}.${body}`).digest('hex');
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': timestamp, 'x-aihttp-signature': signature }, body });
    expect(res.status).toBe(200);
  });
});
