// Sync between two browser profiles through a real AI-HTTP server process (embedded store):
// a template saved in profile A appears in profile B within 2 s; deleted in B, it leaves A; while
// the server is down A edits offline, and once it is back both profiles converge.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, screenshot, setValue, signInToServer, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** The names in the builder's Saved tab (shown again, so it reads the store now). */
async function savedNames(page: Page): Promise<string[]> {
  await click(page, '[data-testid=tab-request]');
  await click(page, '[data-testid=tab-saved]');
  await new Promise((r) => setTimeout(r, 50));
  return page.evaluate(() => [...document.querySelectorAll('[data-testid=saved-list] li strong')].map((el) => el.textContent ?? ''));
}

describe(`sync between two ${kind} profiles`, () => {
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;
  let builderA: Page;
  let builderB: Page;
  let server: { url: string; child: ChildProcess };
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-sync-'));
  const email = `sync-${kind}-${Date.now()}@example.com`;
  const password = 'a-long-Password-1';
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
    env = { ...rest, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), JWT_SECRET: 'f'.repeat(48) };
    server = await startServerProcess(env);
    a = await launchWithExtension(kind);
    b = await launchWithExtension(kind);
    const signIn = async (ext: ExtensionBrowser, register: boolean) => {
      const options = await ext.openExtensionPage('options.html', '[data-testid=account-form]');
      if (register) {
        await click(options, '[data-testid=account-mode]');
        await options.waitForSelector('[data-testid=account-name]');
        await setValue(options, '[data-testid=account-name]', 'Sync');
      }
      await setValue(options, '[data-testid=account-server]', server.url);
      await setValue(options, '[data-testid=account-email]', email);
      await setValue(options, '[data-testid=account-password]', password);
      await click(options, '[data-testid=account-sign-in]');
      await options.waitForSelector('[data-testid=sync-status]', { timeout: 15_000 });
      return options;
    };
    await signIn(a, true);
    const optionsB = await signIn(b, false);
    await waitFor('B synced once', () => optionsB.evaluate(() => !document.querySelector('[data-testid=sync-status]')?.textContent?.includes('Not synced') || null));
    builderA = await a.openExtensionPage('builder.html', '[data-testid=paste-input]');
    builderB = await b.openExtensionPage('builder.html', '[data-testid=paste-input]');
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    server?.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a template saved in A appears in B within 2 s, and deleted in B it leaves A', async () => {
    await setValue(builderA, '[data-testid=paste-input]', 'https://api.example.test/orders');
    await click(builderA, '[data-testid=paste-open]');
    await waitFor('the request', () => builderA.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value.includes('/orders') || null));
    await setValue(builderA, '[data-testid=save-name]', 'Synced template');
    await click(builderA, '[data-testid=save-as-template]');
    const saved = performance.now();
    await click(builderA, '[data-testid=save-request]');
    await waitFor('the template in B', async () => (await savedNames(builderB)).includes('Synced template') || null, 10_000);
    const took = performance.now() - saved;
    console.log(`sync e2e (${kind}): the template reached profile B in ${Math.round(took)} ms`);
    expect(took).toBeLessThan(2_000);
    await screenshot(builderB, `${kind}-sync-template-in-b`);

    await click(builderB, '[data-testid=saved-list] li [data-testid=saved-delete]');
    await waitFor('the template gone from A', async () => !(await savedNames(builderA)).includes('Synced template') || null, 10_000);
  });

  it('A edits while the server is down; when it is back, B gets the edit', async () => {
    await setValue(builderA, '[data-testid=paste-input]', 'https://api.example.test/users');
    await click(builderA, '[data-testid=paste-open]');
    await waitFor('the request', () => builderA.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value.includes('/users') || null));
    await setValue(builderA, '[data-testid=save-name]', 'Users');
    await click(builderA, '[data-testid=save-request]');
    await waitFor('Users in B', async () => (await savedNames(builderB)).includes('Users') || null, 10_000);

    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    await setValue(builderA, '[data-testid=save-name]', 'Users, edited offline');
    await click(builderA, '[data-testid=save-request]');
    await waitFor('the edit kept in A', async () => (await savedNames(builderA)).includes('Users, edited offline') || null);
    server = await startServerProcess(env);
    // Both profiles reconnect (backoff up to 15 s) and sync on reconnection.
    await waitFor('the offline edit in B', async () => (await savedNames(builderB)).includes('Users, edited offline') || null, 45_000);
    expect(await savedNames(builderA)).toEqual(await savedNames(builderB));
  }, 90_000);

  it('the options page says what leaves the device; a saved request kept on A only leaves B; the popup shows the sync status', async () => {
    const options = await a.openExtensionPage('options.html', '[data-testid=sync-scope]');
    expect(await options.$eval('[data-testid=sync-scope]', (el) => el.textContent ?? '')).toMatch(/Sent to .*saved requests and templates.*Not sent: the request history/s);
    const row = '[data-testid=sync-scope-requests] li';
    await waitFor('Users in the scope card', () => options.$$eval(row, (items) => items.some((item) => item.textContent?.includes('Users, edited offline')) || null));
    await options.$$eval(row, (items) => (items.find((item) => item.textContent?.includes('Users, edited offline'))!.querySelector('[data-testid=sync-local-only]') as HTMLElement).click());
    await waitFor('it left B', async () => !(await savedNames(builderB)).includes('Users, edited offline') || null, 10_000);
    expect(await savedNames(builderA)).toContain('Users, edited offline');
    await options.$eval('[data-testid=sync-scope]', (el) => el.scrollIntoView());
    await screenshot(options, `${kind}-sync-scope`);

    const popup = await a.openExtensionPage('popup.html', '[data-testid=sync-status]');
    await waitFor('the popup says it is up to date', () => popup.$eval('[data-testid=sync-status]', (el) => el.textContent?.includes('Every change is sent') || null));
    await click(popup, '[data-testid=sync-now]');
    await waitFor('the popup synced again', () => popup.$eval('[data-testid=sync-now]', (el) => !(el as HTMLButtonElement).disabled || null));
    expect(await popup.$('[data-testid=sync-error]')).toBeNull();
    await screenshot(popup, `${kind}-sync-popup`);

    // The same two surfaces in the dark theme, a profile of its own signed in to the same account.
    const dark = await launchWithExtension(kind, { systemDark: true });
    try {
      await signInToServer(dark, server.url, { email, password });
      const darkOptions = await dark.openExtensionPage('options.html', '[data-testid=sync-scope]');
      await darkOptions.$eval('[data-testid=sync-scope]', (el) => el.scrollIntoView());
      await screenshot(darkOptions, `${kind}-sync-scope-dark`);
      const darkPopup = await dark.openExtensionPage('popup.html', '[data-testid=sync-status]');
      await screenshot(darkPopup, `${kind}-sync-popup-dark`);
    } finally {
      await dark.close();
    }
  }, 90_000);
});
