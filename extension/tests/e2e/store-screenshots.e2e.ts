// The store listings' screenshots (docs/STORE.md), taken from the real built extension at the
// size the Chrome Web Store takes (1280×800; addons.mozilla.org takes any): the debugger on a
// real n8n failure, the request builder in English and in Arabic, and the options page. They are
// written to test-results/store/ as artifacts of every run, not committed.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createWebhookWorkflow } from '../../../tests/support/n8n.ts';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import { browserKind, launchWithExtension, n8nUnderTest, setValue, signInToN8n, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const STORE_SHOTS = resolve(import.meta.dirname, '../../../test-results/store');
const CURL = `curl 'https://api.stripe.com/v1/customers?limit=3' \\\n  -H 'Authorization: Bearer sk_test_example' \\\n  -H 'Accept: application/json'`;

/** Saves the viewport as test-results/store/<browser>-<name>.png and returns its pixel size. */
async function storeShot(page: Page, name: string): Promise<{ width: number; height: number }> {
  mkdirSync(STORE_SHOTS, { recursive: true });
  const path = join(STORE_SHOTS, `${kind}-${name}.png`) as `${string}.png`;
  await page.screenshot({ path });
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe(`store screenshots in ${kind}`, () => {
  let ext: ExtensionBrowser;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
  }, 60_000);
  afterAll(() => ext?.close());

  it('shows the debugger on a real failed execution', async () => {
    await signInToN8n(ext.browser, n8n);
    const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/v1/customers`, 'Sync new customers');
    expect((await workflow.trigger({ customer: { id: 'cus_42' } })).status).toBe(200);
    const page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForFunction(() => /Call API/.test(document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=failing-node]')?.textContent ?? ''), { timeout: 30_000 });
    // The listing shows n8n's own canvas beside the panel: wait until the editor has drawn it.
    await page.waitForSelector(N8N_SELECTORS.canvas, { visible: true, timeout: 30_000 });
    expect(await storeShot(page, '1-debugger')).toEqual({ width: 1280, height: 800 });
    await page.close();
  }, 90_000);

  it.each([
    ['en', '2-builder'],
    ['ar', '4-builder-arabic'],
  ])('shows the request builder with a pasted cURL command (%s)', async (lang, name) => {
    const popup = await ext.openExtensionPage(`popup.html?lang=${lang}`, '[data-testid=paste-input]');
    expect(await popup.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    await setValue(popup, '[data-testid=paste-input]', CURL);
    await popup.click('[data-testid=paste-open]');
    await popup.waitForSelector('[data-testid=import-warnings], [data-testid=request-origin]', { timeout: 20_000 });
    expect(await storeShot(popup, name)).toEqual({ width: 1280, height: 800 });
    await popup.close();
  }, 60_000);

  it('shows the options page', async () => {
    const options = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    expect(await storeShot(options, '3-options')).toEqual({ width: 1280, height: 800 });
    await options.close();
  });
});
