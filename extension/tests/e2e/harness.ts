// Drives the real built extension in real Chromium or Firefox ESR with puppeteer-core.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { N8nUnderTest } from '../../../tests/support/n8n.ts';

export { n8nUnderTest } from '../../../tests/support/n8n.ts';

export type BrowserKind = 'chromium' | 'firefox';

export const GECKO_ID = 'ai-http@ai-http.dev';
const EXTENSION_ROOT = resolve(import.meta.dirname, '../../.output/e2e');
const VIEWPORT = { width: 1280, height: 800 };
export const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results/e2e');

export interface ExtensionBrowser {
  kind: BrowserKind;
  browser: Browser;
  /** chrome-extension://<id> or moz-extension://<uuid> */
  extensionOrigin: string;
  openExtensionPage(path: string, readySelector: string): Promise<Page>;
  close(): Promise<void>;
}

export function browserKind(): BrowserKind {
  const kind = process.env.AIHTTP_E2E_BROWSER;
  if (kind !== 'chromium' && kind !== 'firefox') throw new Error('AIHTTP_E2E_BROWSER must be chromium or firefox');
  return kind;
}

function executable(kind: BrowserKind): string {
  const path = kind === 'chromium' ? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' : process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (process.env.AIHTTP_BROWSER_PROBLEMS?.includes(kind)) throw new Error(process.env.AIHTTP_BROWSER_PROBLEMS);
  return path;
}

/**
 * `systemDark` makes the browser report a dark system theme, which the extension pages follow.
 * `acceptPermissionPrompts` (Firefox only) grants a permission request at once, as a user
 * accepting the prompt would (`extensions.webextOptionalPermissionPrompts`).
 */
export async function launchWithExtension(kind: BrowserKind, { systemDark = false, acceptPermissionPrompts = false } = {}): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), `ai-http-${kind}-`));
  const { browser, extensionOrigin } = kind === 'chromium' ? await launchChromium(profile, systemDark) : await launchFirefox(profile, systemDark, acceptPermissionPrompts);
  return {
    kind,
    browser,
    extensionOrigin,
    async openExtensionPage(path, readySelector) {
      const page = await browser.newPage();
      // goto() on a moz-extension:// page never resolves over BiDi: start it and wait for the UI.
      const navigation = page.goto(`${extensionOrigin}/${path}`).catch(() => undefined);
      if (kind === 'chromium') await navigation;
      // Polled, not waitForSelector: while Firefox is still swapping in the new document, a BiDi
      // evaluate can fail with a protocol error ("right-hand side of 'in' should be an object").
      await waitFor(`${path} to show ${readySelector}`, () => page.$(readySelector).catch(() => null));
      return page;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// The flags that work for headless Debian Chromium on this kind of machine (see the team brief).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function launchChromium(profile: string, systemDark: boolean) {
  const browser = await puppeteer.launch({
    executablePath: executable('chromium'),
    headless: true,
    pipe: true,
    defaultViewport: VIEWPORT,
    enableExtensions: [join(EXTENSION_ROOT, 'chrome-mv3')],
    args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, ...themeArgs(systemDark)],
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
  return { browser, extensionOrigin: /^chrome-extension:\/\/[a-p]{32}/.exec(worker.url())![0] };
}

async function launchFirefox(profile: string, systemDark: boolean, acceptPermissionPrompts: boolean) {
  // A fixed internal UUID makes moz-extension:// pages addressable from the test.
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: executable('firefox'),
    headless: true,
    userDataDir: profile,
    defaultViewport: VIEWPORT,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...themePrefs(systemDark),
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'datareporting.policy.dataSubmissionEnabled': false,
      'browser.shell.checkDefaultBrowser': false,
      ...(acceptPermissionPrompts && { 'extensions.webextOptionalPermissionPrompts': false }),
    },
  });
  await browser.installExtension(join(EXTENSION_ROOT, 'firefox-mv3'));
  return { browser, extensionOrigin: `moz-extension://${uuid}` };
}

// How each browser is told the system theme: Chromium by a flag, Firefox by a pref (0 = dark,
// 1 = light for web content), since Firefox over BiDi cannot emulate it per page.
const themeArgs = (systemDark: boolean) => (systemDark ? ['--force-dark-mode'] : []);
const themePrefs = (systemDark: boolean) => ({ 'layout.css.prefers-color-scheme.content-override': systemDark ? 0 : 1 });

/**
 * The browser alone, without the extension, for plain pages (the design gallery). `systemDark`
 * makes the browser report a dark system theme.
 */
export async function launchBrowser(kind: BrowserKind, { systemDark = false } = {}): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), `ai-http-${kind}-`));
  const browser =
    kind === 'chromium'
      ? await puppeteer.launch({
          executablePath: executable('chromium'),
          headless: true,
          pipe: true,
          defaultViewport: VIEWPORT,
          args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, ...themeArgs(systemDark)],
        })
      : await puppeteer.launch({
          browser: 'firefox',
          executablePath: executable('firefox'),
          headless: true,
          userDataDir: profile,
          defaultViewport: VIEWPORT,
          extraPrefsFirefox: themePrefs(systemDark),
        });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** True once the overlay's panel is on the page. */
export function hasOverlayPanel(page: Page): Promise<boolean> {
  return page.evaluate(() => !!document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=overlay-panel]'));
}

/** Reads the extension's storage.session through one of its own pages. */
export async function sessionStorage(extensionPage: Page): Promise<Record<string, unknown>> {
  return extensionPage.evaluate(async () => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    return (await api.storage.session.get(null)) as Record<string, unknown>;
  });
}

/** Polls until `check` returns a truthy value, or fails with the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** A loopback HTTP server for plain (non-n8n) pages. */
export async function staticServer(html: string): Promise<{ port: number; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server };
}

/** Saves a picture of the page as test-results/e2e/<name>.png (`name` may hold a folder). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`) as `${string}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/**
 * Signs the browser in to n8n by setting the session cookie n8n's own login returns. n8n limits
 * logins per address (a run of e2e files hit its 429), so the cookie is logged in for once per n8n
 * and kept in a temp file (keyed by its URL and API key) for the other files of the run.
 */
export async function signInToN8n(browser: Browser, n8n: N8nUnderTest): Promise<void> {
  const cache = join(tmpdir(), `ai-http-n8n-auth-${createHash('sha256').update(`${n8n.url} ${n8n.apiKey}`).digest('hex').slice(0, 16)}`);
  let value = existsSync(cache) ? readFileSync(cache, 'utf8') : '';
  for (let attempt = 0; !value; attempt++) {
    const res = await fetch(`${n8n.url}/rest/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emailOrLdapLoginId: n8n.email, password: n8n.password }),
    });
    if (res.status === 429 && attempt < 6) {
      await new Promise((r) => setTimeout(r, 10_000));
      continue;
    }
    if (!res.ok) throw new Error(`n8n login failed: ${res.status}`);
    const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
    if (!auth) throw new Error('n8n login returned no n8n-auth cookie');
    value = auth.split(';')[0]!.slice('n8n-auth='.length);
    writeFileSync(cache, value, { mode: 0o600 });
  }
  await browser.setCookie({ name: 'n8n-auth', value, domain: new URL(n8n.url).hostname, path: '/', httpOnly: true, sameSite: 'Lax' });
}

/**
 * Sets an input's value the way a paste does (React listens for the native input event), without
 * holding an element handle across re-renders (Firefox over BiDi drops stale handles).
 */
export function setValue(page: Page, selector: string, value: string): Promise<void> {
  return page.$eval(
    selector,
    (el, text) => {
      const input = el as HTMLTextAreaElement | HTMLInputElement;
      const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!;
      setter.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

/** Signs the extension in to an AI-HTTP server from the options page, and closes the page. */
export async function signInToServer(ext: ExtensionBrowser, serverUrl: string, account: { email: string; password: string }): Promise<void> {
  const options = await ext.openExtensionPage('options.html', '[data-testid=account-form]');
  await setValue(options, '[data-testid=account-server]', serverUrl);
  await setValue(options, '[data-testid=account-email]', account.email);
  await setValue(options, '[data-testid=account-password]', account.password);
  await options.click('[data-testid=account-sign-in]');
  await options.waitForSelector('[data-testid=account-status]', { timeout: 15_000 });
  await options.close();
}

/** Saves the user's own AI model (an OpenAI-compatible one) in the options page; returns the page, still open. */
export async function saveOwnAiModel(ext: ExtensionBrowser, settings: { model: string; baseUrl: string; apiKey: string }): Promise<Page> {
  const options = await ext.openExtensionPage('options.html', '[data-testid=ai-form]');
  await options.select('[data-testid=ai-provider]', 'openai-compatible');
  await setValue(options, '[data-testid=ai-model]', settings.model);
  await setValue(options, '[data-testid=ai-base-url]', settings.baseUrl);
  await setValue(options, '[data-testid=ai-key]', settings.apiKey);
  await options.$eval('[data-testid=ai-save]', (el) => (el as HTMLElement).click());
  await waitFor('the settings saved', async () => (await options.$eval('[data-testid=ai-message]', (el) => el.textContent).catch(() => '')) === 'Saved.' || null);
  return options;
}

/** Adds an n8n instance with its API key in the options page (kept in the extension's database), and closes the page. */
export async function addInstanceInOptions(ext: ExtensionBrowser, n8n: { url: string; apiKey: string }): Promise<void> {
  const options = await ext.openExtensionPage('options.html', '[data-testid=instance-form]');
  await setValue(options, '[data-testid=instance-url]', n8n.url);
  await setValue(options, '[data-testid=instance-api-key]', n8n.apiKey);
  await options.click('[data-testid=instance-add]');
  await options.waitForFunction(() => /^Added /.test(document.querySelector('[data-testid=instance-message]')?.textContent ?? ''), { timeout: 15_000 });
  await options.close();
}

/** How many executions the debugger panel lists. */
export function panelRowCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelectorAll('[data-testid=execution-list] li').length ?? 0);
}

/** Waits until the debugger panel lists more than `count` executions. */
export async function waitForMoreRows(page: Page, count: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction((n) => (document.querySelector('ai-http-overlay')?.shadowRoot?.querySelectorAll('[data-testid=execution-list] li').length ?? 0) > n, { timeout: timeoutMs }, count);
}

/** Clicks the panel's Retry and waits for n8n's confirmation ("Retried: execution N"). */
export async function clickRetry(page: Page): Promise<void> {
  await page.waitForSelector('>>> [data-testid=retry]');
  // Clicked inside the page in one step: no element handle to go stale if the panel re-renders.
  await page.$eval('>>> [data-testid=retry]', (button) => (button as HTMLButtonElement).click());
  await page.waitForFunction(() => /Retried: execution \d+/.test(document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-notice]')?.textContent ?? ''), { timeout: 15_000 });
}
