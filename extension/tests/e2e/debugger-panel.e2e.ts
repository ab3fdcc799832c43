// The debugger panel on a real n8n editor page: a failing production execution appears without
// a reload, with the failing node, the explanation and the input items; Retry makes a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { DEBUGGER_UI_GLOBAL } from '../../features/debugger/ui-loader.ts';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import { browserKind, clickRetry, launchWithExtension, n8nUnderTest, panelRowCount, screenshot, setValue, signInToN8n, waitFor, waitForMoreRows, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const text = (page: Page, testId: string) => page.$eval(`>>> [data-testid=${testId}]`, (el) => el.textContent ?? '');

describe(`debugger panel in ${kind}, without a server`, () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let workflow: WebhookWorkflow;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=debugger-panel]', { timeout: 30_000 });
  }, 120_000);
  afterAll(() => ext?.close());

  it('shows a failing production execution without a reload: failing node, explanation, input items', async () => {
    await page.waitForSelector('>>> [data-testid=panel-state]', { timeout: 20_000 });
    await screenshot(page, `${kind}-debugger-empty`);
    expect((await workflow.trigger({ order: { id: 7 } })).status).toBe(200);
    await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 20_000 });
    expect(await text(page, 'failing-node')).toContain('Call API');
    expect(await text(page, 'error-category')).toBe('Connection refused');
    expect(await text(page, 'error-text')).toMatch(/refused/i);
    expect(await text(page, 'explanation')).toMatch(/could not open a connection/);
    expect(await text(page, 'fixes')).toMatch(/Retry On Fail/);
    expect(await text(page, 'input-items')).toContain('"id": 7');
    await page.waitForSelector('>>> [data-testid=timeline]');
    await screenshot(page, `${kind}-debugger-failure`);
    // The docked panel leaves the canvas's own controls (zoom, fit) uncovered. n8n draws them once
    // the canvas has laid out, which on a busy machine can be after the panel has its failure.
    await page.waitForSelector(N8N_SELECTORS.canvasControls, { timeout: 20_000 });
    const overlap = await page.evaluate((controlsSelector) => {
      const controls = document.querySelector(controlsSelector)?.getBoundingClientRect();
      const panel = document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('.panel')?.getBoundingClientRect();
      if (!controls || !panel) return 'missing';
      return controls.right > panel.left && controls.left < panel.right && controls.bottom > panel.top && controls.top < panel.bottom;
    }, N8N_SELECTORS.canvasControls);
    expect(overlap).toBe(false);
  });

  it('copies the failed HTTP Request node as cURL', async () => {
    if (kind === 'chromium') await ext.browser.defaultBrowserContext().overridePermissions(n8n.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    // A real click (input events, so the page has a user activation for the clipboard).
    await page.click('>>> [data-testid=copy-curl]');
    const notice = await waitFor('the copy notice', () => page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-notice]')?.textContent ?? null));
    expect(notice).toBe('Copied.');
    // Firefox asks the user before a page reads the clipboard, so the text is read in Chromium only.
    if (kind === 'chromium') {
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^curl /);
      expect(copied).toContain('/orders');
    }
  });

  it('browses every input item in a virtualised tree, read from n8n only when asked for', async () => {
    const shadow = (selector: string) => page.evaluate((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelectorAll(s).length ?? 0, selector);
    // The panel's UI script runs in the extension's isolated world: the page's own JavaScript never sees it.
    expect(await page.evaluate((name) => name in globalThis, DEBUGGER_UI_GLOBAL)).toBe(false);
    // 5,000 rows in one item: the tree lists them all, the DOM holds only the rows in view.
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ id: i, sku: `SKU-${i}`, note: 'x'.repeat(120) }));
    const before = await shadow('[data-testid=execution-list] li');
    expect((await workflow.trigger({ order: { id: 9 }, rows })).status).toBe(200);
    // The panel follows the new failure: the newest row is selected and its items can be opened.
    // (Its single item is 750 KB, beyond what the digest previews, so the preview is empty.)
    await page.waitForFunction((count) => {
      const root = document.querySelector('ai-http-overlay')?.shadowRoot;
      const list = root?.querySelectorAll('[data-testid=execution-list] li') ?? [];
      return list.length > count && list[0]!.classList.contains('selected') && root?.querySelector('[data-testid=open-items]') !== null;
    }, { timeout: 20_000 }, before);
    await page.$eval('>>> [data-testid=open-items]', (button) => (button as HTMLButtonElement).click());
    await page.waitForSelector('>>> [data-testid=items-tree] [data-path="$[0].body"]', { timeout: 15_000 });
    await page.$eval('>>> [data-path="$[0].body"]', (row) => (row as HTMLElement).click());
    await page.waitForSelector('>>> [data-path="$[0].body.rows"]');
    await page.$eval('>>> [data-path="$[0].body.rows"]', (row) => (row as HTMLElement).click());
    await page.waitForFunction(() => Number(document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=items-tree]')?.getAttribute('data-rows')) > 5_000);
    expect(await shadow('[data-testid=items-tree] [role=treeitem]')).toBeLessThan(100);
    // Scrolling to the end brings the last row in.
    await page.$eval('>>> [data-testid=items-tree]', (tree) => tree.scrollTo({ top: tree.scrollHeight }));
    await page.waitForSelector('>>> [data-path="$[0].body.rows[4999]"]', { timeout: 5_000 });
    await screenshot(page, `${kind}-debugger-items-tree`);
  });

  it('retries the execution, and the new one appears in the list', async () => {
    const before = await panelRowCount(page);
    await clickRetry(page);
    await waitForMoreRows(page, before, 20_000);
    await screenshot(page, `${kind}-debugger-retried`);
  });

  it('adds an instance with its API key in the options page; the key never reaches the n8n page and the panel keeps updating', async () => {
    // In Chromium the test also watches the service worker's requests (DevTools protocol): once the
    // key is saved, the panel's list is read with the key and without the n8n session cookie.
    const wire = kind === 'chromium' ? await watchBackgroundRequests(ext) : null;
    const listReads = () => (wire?.requests ?? []).filter((r) => r.url.startsWith(`${n8n.url}/api/v1/executions?`) && r.url.includes(`workflowId=${workflow.id}`));
    const cookieSent = (r: SeenRequest) => Object.keys(r.sent ?? {}).some((h) => h.toLowerCase() === 'cookie');
    // Before the key is saved, the panel reads n8n with the session: its cookie shows on the wire.
    if (wire) await waitFor('a list read with the session cookie', async () => listReads().some(cookieSent));
    const options = await ext.openExtensionPage('options.html', '[data-testid=instance-form]');
    await setValue(options, '[data-testid=instance-url]', n8n.url);
    await setValue(options, '[data-testid=instance-api-key]', n8n.apiKey);
    await options.click('[data-testid=instance-add]');
    await options.waitForFunction(() => /^Added /.test(document.querySelector('[data-testid=instance-message]')?.textContent ?? ''), { timeout: 15_000 });
    expect(await options.$eval('[data-testid=instances]', (el) => el.textContent)).toContain('(API key)');
    // The key lives in the extension's database, never in the n8n page.
    expect(await page.evaluate((key) => document.documentElement.outerHTML.includes(key), n8n.apiKey)).toBe(false);
    await options.close();

    const before = await panelRowCount(page);
    expect((await workflow.trigger({ order: { id: 8 } })).status).toBe(200);
    await waitForMoreRows(page, before, 20_000);
    await screenshot(page, `${kind}-debugger-api-key`);
    if (wire) {
      const withKey = listReads().filter((r) => r.headers['x-n8n-api-key'] === n8n.apiKey);
      expect(withKey.length).toBeGreaterThan(0);
      expect(withKey.every((r) => r.sent !== null)).toBe(true);
      expect(withKey.filter(cookieSent)).toEqual([]);
      await wire.stop();
    }
  });
});

interface SeenRequest {
  url: string;
  headers: Record<string, string>;
  /** The headers on the wire, cookies included, from Network.requestWillBeSentExtraInfo. */
  sent: Record<string, string> | null;
}

/** Records the requests of the extension's service worker through the DevTools protocol. */
async function watchBackgroundRequests(ext: ExtensionBrowser): Promise<{ requests: SeenRequest[]; stop(): Promise<void> }> {
  const worker = await ext.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(ext.extensionOrigin));
  const cdp = await worker.createCDPSession();
  const byId = new Map<string, SeenRequest>();
  const sentEarly = new Map<string, Record<string, string>>();
  cdp.on('Network.requestWillBeSent', (event) => {
    const headers = Object.fromEntries(Object.entries(event.request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byId.set(event.requestId, { url: event.request.url, headers, sent: sentEarly.get(event.requestId) ?? null });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
    const seen = byId.get(event.requestId);
    if (seen) seen.sent = event.headers as Record<string, string>;
    else sentEarly.set(event.requestId, event.headers as Record<string, string>);
  });
  await cdp.send('Network.enable');
  return {
    get requests() {
      return [...byId.values()];
    },
    stop: () => cdp.detach(),
  };
}
