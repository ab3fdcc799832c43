// Enabling a site, as a user does it, in the real browsers against a real n8n: the permission is
// asked in the click, and the background (not the popup or the options page, which Chrome may
// close) registers the overlay and starts it in the n8n tab already open: no reload.
// Firefox grants through its real prompt path, auto-accepted (extensions.webextOptionalPermissionPrompts);
// Chromium cannot accept a prompt here, so its run enables a site granted before (declared in
// the e2e build and marked an API site, as the builder leaves one): the same background path after a grant.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import { browserKind, hasOverlayPanel, launchWithExtension, n8nUnderTest, screenshot, setValue, signInToN8n, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

const registeredMatches = (page: Page) =>
  page.evaluate(async () => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    return (await api.scripting.getRegisteredContentScripts()).flatMap((script: chrome.scripting.RegisteredContentScript) => script.matches ?? []);
  });

describe(`enabling a site in ${kind}`, () => {
  let ext: ExtensionBrowser;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    ext = await launchWithExtension(kind, { acceptPermissionPrompts: true });
  }, 60_000);
  afterAll(() => ext?.close());

  // One flow per browser (each is registered only where it can run: nothing is skipped).
  const firefoxFlow = async () => {
    // localhost is never declared: only the user's grant can enable it.
    const site = n8n.url.replace('127.0.0.1', 'localhost');
    await signInToN8n(ext.browser, { ...n8n, url: site });
    const tab = await ext.browser.newPage();
    await tab.goto(`${site}/workflow/new`, { waitUntil: 'load' });
    await tab.waitForSelector(N8N_SELECTORS.canvas, { timeout: 30_000 });
    await tab.evaluate(() => ((window as unknown as { beforeGrant: boolean }).beforeGrant = true));
    expect(await hasOverlayPanel(tab)).toBe(false);

    const options = await ext.openExtensionPage('options.html', '[data-testid=instance-form]');
    await setValue(options, '[data-testid=instance-url]', site);
    // A real click: the user gesture the permission request needs.
    await options.click('[data-testid=instance-add]');
    const message = await waitFor('the options page\'s answer', () => options.evaluate(() => document.querySelector('[data-testid=instance-message]')?.textContent || null));
    expect(message).toContain('localhost');
    expect(await registeredMatches(options)).toContain('http://localhost/*');
    await waitFor('the panel in the tab opened before the grant', () => hasOverlayPanel(tab), 20_000);
    // The same document: nothing reloaded it.
    expect(await tab.evaluate(() => (window as unknown as { beforeGrant?: boolean }).beforeGrant)).toBe(true);
    await screenshot(tab, `${kind}-enabled-without-reload`);
    await options.close();
    await tab.close();
  };

  const chromiumFlow = async () => {
    await signInToN8n(ext.browser, n8n);
    const options = await ext.openExtensionPage('options.html', '[data-testid=instance-form]');
    // As the builder leaves a site it called: granted, marked an API site, no overlay there.
    await options.evaluate(async () => {
      await chrome.storage.local.set({ 'ai-http:api-sites': ['http://127.0.0.1/*'] });
      await chrome.scripting.unregisterContentScripts({ ids: ['ai-http-n8n-overlay'] }).catch(() => undefined);
    });
    const tab = await ext.browser.newPage();
    await tab.goto(`${n8n.url}/workflow/new`, { waitUntil: 'load' });
    await tab.waitForSelector(N8N_SELECTORS.canvas, { timeout: 30_000 });
    await tab.evaluate(() => ((window as unknown as { beforeGrant: boolean }).beforeGrant = true));
    expect(await hasOverlayPanel(tab)).toBe(false);

    const extension = [...(await ext.browser.extensions()).values()].find((candidate) => ext.extensionOrigin.endsWith(candidate.id))!;
    await tab.bringToFront();
    await tab.triggerExtensionAction(extension);
    const popup = (await (await ext.browser.waitForTarget((target) => target.url().endsWith('/popup.html'), { timeout: 10_000 })).asPage())!;
    await popup.waitForSelector('[data-testid=site-enable]');
    expect(await popup.$eval('[data-testid=site-status]', (el) => el.textContent)).toMatch(/127\.0\.0\.1/);
    await popup.click('[data-testid=site-enable]');
    await waitFor('the panel in the tab opened before the grant', () => hasOverlayPanel(tab), 20_000);
    expect(await tab.evaluate(() => (window as unknown as { beforeGrant?: boolean }).beforeGrant)).toBe(true);
    expect(await registeredMatches(options)).toContain('http://127.0.0.1/*');
    expect(await options.evaluate(async () => (await chrome.storage.local.get('ai-http:api-sites'))['ai-http:api-sites'])).toEqual([]);
    await screenshot(tab, `${kind}-enabled-without-reload`);
    await tab.close();
    await options.close();
  };

  if (kind === 'firefox') it('adds an n8n in the options page: the prompt (accepted), then the panel in the open tab, with no reload', firefoxFlow, 90_000);
  else it('enables the site from the real toolbar popup: the panel appears in the open tab, with no reload', chromiumFlow, 90_000);
});
