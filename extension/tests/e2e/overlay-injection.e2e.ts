// The walking skeleton, end to end: the real extension build in a real browser against a real n8n.
// The e2e build declares http://127.0.0.1/* (a prompt cannot be clicked here); localhost is never granted.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import {
  browserKind,
  launchWithExtension,
  n8nUnderTest,
  screenshot,
  sessionStorage,
  signInToN8n,
  staticServer,
  waitFor,
  type ExtensionBrowser,
} from './harness.ts';

const kind = browserKind();

describe(`overlay injection in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let options: Page;
  const n8n = n8nUnderTest();
  const statusFor = async (url: string) => {
    const entries = Object.values(await sessionStorage(options)) as { url: string; status: string }[];
    return entries.find((entry) => entry.url.startsWith(url))?.status;
  };

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    options = await ext.openExtensionPage('options.html', '[data-testid=sites]');
  }, 60_000);
  afterAll(() => ext?.close());

  it('registers the overlay script for the granted origins only', async () => {
    const registered = await waitFor('the overlay registration', async () =>
      options.evaluate(async () => {
        const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        return (await api.scripting.getRegisteredContentScripts()).flatMap((script: chrome.scripting.RegisteredContentScript) => script.matches ?? []);
      }).then((matches) => (matches.includes('http://127.0.0.1/*') ? matches : null)),
    );
    expect(registered.sort()).toEqual(['http://127.0.0.1/*', 'https://*.app.n8n.cloud/*']);
    const manifest = await options.evaluate(() => ((globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome).runtime.getManifest());
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  });

  it('mounts the overlay root, a shadow host marked ignore-key-press-canvas, on a real n8n editor page', async () => {
    await signInToN8n(ext.browser, n8n);
    const page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/new`, { waitUntil: 'load' });
    const host = await page.waitForSelector('ai-http-overlay', { timeout: 20_000 });
    const shape = await host!.evaluate((el) => ({
      hostClass: el.className,
      hasShadowRoot: el.shadowRoot !== null,
      rootClass: el.shadowRoot?.querySelector('[data-role=overlay-root]')?.className ?? null,
    }));
    expect(shape).toEqual({ hostClass: 'ignore-key-press-canvas', hasShadowRoot: true, rootClass: 'ignore-key-press-canvas' });
    expect(await waitFor('the mounted report', () => statusFor(`${n8n.url}/workflow/`))).toBe('mounted');
    await page.waitForSelector(N8N_SELECTORS.canvas, { timeout: 30_000 });
    await screenshot(page, `${kind}-overlay-on-n8n`);
    await page.close();
  });

  it('follows n8n\'s dark theme, and a switch back without a reload', async () => {
    const page = await ext.browser.newPage();
    // n8n reads ?theme= (or N8N_THEME in localStorage) and sets <body data-theme>.
    await page.goto(`${n8n.url}/workflow/new?theme=dark`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-theme=dark]', { timeout: 30_000 });
    const theme = () => page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector<HTMLElement>('[data-testid=overlay-panel]')?.dataset.theme ?? null);
    expect(await waitFor('the dark panel', async () => ((await theme()) === 'dark' ? 'dark' : null))).toBe('dark');
    await screenshot(page, `${kind}-overlay-dark`);
    await page.evaluate(() => document.body.setAttribute('data-theme', 'light'));
    expect(await waitFor('the light panel', async () => ((await theme()) === 'light' ? 'light' : null))).toBe('light');
    await page.close();
  });

  it('injects nothing on an origin that was never granted, and mounts nothing on a granted non-n8n page', async () => {
    const plain = await staticServer('<!doctype html><title>Not n8n</title><h1>Just a page</h1>');
    const neverGranted = n8n.url.replace('127.0.0.1', 'localhost');
    const page = await ext.browser.newPage();
    try {
      // The same real n8n, reached through an origin the user never granted.
      await page.goto(`${neverGranted}/signin`, { waitUntil: 'load' });
      await page.waitForSelector(N8N_SELECTORS.restEndpointMeta, { timeout: 10_000 });
      // Then a granted origin that is not n8n, in the same tab: its report proves the pipeline is live.
      await page.goto(`http://127.0.0.1:${plain.port}/`, { waitUntil: 'load' });
      expect(await waitFor('the not-n8n report', () => statusFor(`http://127.0.0.1:${plain.port}/`))).toBe('not-n8n');
      expect(await page.$('ai-http-overlay')).toBeNull();
      expect(await statusFor(neverGranted)).toBeUndefined();
      await screenshot(page, `${kind}-granted-not-n8n`);
    } finally {
      await page.close();
      plain.server.close();
    }
  });
});
