// The account from the options page, against a real AI-HTTP server process (embedded store):
// register (the server's own message shown in place for a bad password), create an API key with
// its scopes (shown once), use it with curl, revoke it, and curl gets 401; the lines that install
// the n8n hook for an instance, whose secret the server accepts; then the profile: name and email
// (an email in use refused on its field), the password (a wrong current one refused in place; the
// change signs the other sessions out), the sessions listed and one revoked.
import { execFile, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, setValue, signInToServer, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
/** curl's HTTP status for a GET with the key (asynchronously: nothing else waits on it). */
const curlStatus = async (url: string, key: string) => (await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${key}`, url], { timeout: 10_000 })).stdout;

describe(`settings in ${kind}: register, API keys, profile`, () => {
  let ext: ExtensionBrowser;
  let options: Page;
  let server: { url: string; child: ChildProcess };
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-settings-'));
  /** The account as the profile test leaves it (renamed, new password). */
  let account: { email: string; password: string } | undefined;

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
    // A real click: Firefox asks for the site's permission only in a user gesture.
    await options.click('[data-testid=instance-add]');
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

  it('changes the name, email and password with the server\'s refusals shown on their fields, and lists and revokes sessions', async () => {
    const api = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
      const res = await fetch(`${server.url}/api/v1/${path}`, { method: init.method ?? 'GET', headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) }, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
      return { status: res.status, body: (await res.json()) as { data: { accessToken: string } } };
    };
    // A fresh options page (a reload over Firefox's BiDi never reports its navigation done).
    const reopen = async () => {
      await options.close();
      options = await ext.openExtensionPage('options.html', '[data-testid=profile-form]');
    };
    const fieldErrors = (card: string) => options.$$eval(`[data-testid=${card}] .ah-error`, (els) => els.map((el) => el.textContent?.trim() ?? '').filter(Boolean));
    const other = { email: `settings-other-${kind}-${Date.now()}@example.com`, password: 'other-Password-123' };
    expect((await api('auth/register', { method: 'POST', body: { ...other, name: 'Other' } })).status).toBe(201);

    await options.waitForSelector('[data-testid=profile-form]', { timeout: 15_000 });
    await setValue(options, '[data-testid=profile-email]', other.email);
    await click(options, '[data-testid=profile-save]');
    expect(await waitFor('the email refused on its field', async () => (await fieldErrors('profile')).at(0))).toBe('is used by another account');
    const email = `settings-renamed-${kind}-${Date.now()}@example.com`;
    await setValue(options, '[data-testid=profile-name]', 'Ada Lovelace');
    await setValue(options, '[data-testid=profile-email]', email);
    await click(options, '[data-testid=profile-save]');
    await options.waitForSelector('[data-testid=profile-save-done]', { timeout: 15_000 });
    expect(await fieldErrors('profile')).toEqual([]);
    const elsewhere = await api('auth/login', { method: 'POST', body: { email, password: 'a-long-Password-1' } });
    expect(elsewhere.status).toBe(200);

    // The session just started elsewhere is listed (after a reload) and revoked from here.
    await reopen();
    await waitFor('two sessions listed', () => options.evaluate(() => (document.querySelectorAll('[data-testid=profile-sessions] li').length === 2 ? true : null)));
    expect(await options.$$eval('[data-testid=profile-sessions] li', (els) => els.map((el) => el.getAttribute('data-current')).sort())).toEqual(['false', 'true']);
    await screenshot(options, `${kind}-settings-profile`);
    await click(options, '[data-testid=profile-sessions] li[data-current=false] [data-testid=profile-session-revoke]');
    await waitFor('one session left', () => options.evaluate(() => (document.querySelectorAll('[data-testid=profile-sessions] li').length === 1 ? true : null)));
    expect((await api('me', { token: elsewhere.body.data.accessToken })).status).toBe(401);

    // The password: a wrong current one and a short new one are refused in place.
    const third = await api('auth/login', { method: 'POST', body: { email, password: 'a-long-Password-1' } });
    await setValue(options, '[data-testid=profile-current-password]', 'not-my-password');
    await setValue(options, '[data-testid=profile-new-password]', 'short');
    await click(options, '[data-testid=profile-password-change]');
    expect(await waitFor('the short password refused', async () => (await fieldErrors('profile-password')).at(0))).toBe('must be at least 10 characters');
    await setValue(options, '[data-testid=profile-new-password]', 'a-newer-Password-2');
    await click(options, '[data-testid=profile-password-change]');
    // The short one's message stays until the server answers: wait for the server's.
    expect(await waitFor('the wrong password refused', async () => ((await fieldErrors('profile-password')).includes('is wrong') ? fieldErrors('profile-password') : null))).toEqual(['is wrong']);
    await setValue(options, '[data-testid=profile-current-password]', 'a-long-Password-1');
    await click(options, '[data-testid=profile-password-change]');
    await options.waitForSelector('[data-testid=profile-password-change-done]', { timeout: 15_000 });
    expect(await text(options, '[data-testid=profile-password-change-done]')).toMatch(/1 other session/);
    expect((await api('me', { token: third.body.data.accessToken })).status).toBe(401);
    expect((await api('auth/login', { method: 'POST', body: { email, password: 'a-newer-Password-2' } })).status).toBe(200);
    // This browser stays signed in.
    await reopen();
    expect(await options.$eval('[data-testid=profile-name]', (el) => (el as HTMLInputElement).value)).toBe('Ada Lovelace');
    account = { email, password: 'a-newer-Password-2' };
  }, 90_000);

  it('shows the profile in Arabic (right to left) and in the dark theme', async () => {
    const arabic = await ext.openExtensionPage('options.html?lang=ar', '[data-testid=profile-form]');
    expect(await arabic.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await text(arabic, '[data-testid=profile-sessions] h2, [data-testid=profile-sessions] h3')).toBe('الجلسات');
    await screenshot(arabic, `${kind}-settings-profile-ar`);
    await arabic.close();
    const dark = await launchWithExtension(kind, { systemDark: true });
    try {
      await signInToServer(dark, server.url, account!);
      const page = await dark.openExtensionPage('options.html', '[data-testid=profile-form]');
      expect(await page.$eval('[data-testid=profile-name]', (el) => (el as HTMLInputElement).value)).toBe('Ada Lovelace');
      await screenshot(page, `${kind}-settings-profile-dark`);
    } finally {
      await dark.close();
    }
  }, 90_000);
});
