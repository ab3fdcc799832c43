// The debugger panel on a real n8n editor page: a failing production execution appears without
// a reload, with the failing node, the explanation and the input items; Retry makes a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { N8N_SELECTORS } from '../../lib/n8n-page.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, type ExtensionBrowser } from './harness.ts';

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
    expect(await text(page, 'error-message')).toMatch(/^connection: /);
    expect(await text(page, 'explanation')).toMatch(/could not open a connection/);
    expect(await text(page, 'fixes')).toMatch(/Retry On Fail/);
    expect(await text(page, 'input-items')).toContain('"id": 7');
    await page.waitForSelector('>>> [data-testid=timeline]');
    await screenshot(page, `${kind}-debugger-failure`);
    // The docked panel leaves the canvas's own controls (zoom, fit) uncovered.
    const overlap = await page.evaluate((controlsSelector) => {
      const controls = document.querySelector(controlsSelector)?.getBoundingClientRect();
      const panel = document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('.panel')?.getBoundingClientRect();
      if (!controls || !panel) return 'missing';
      return controls.right > panel.left && controls.left < panel.right && controls.bottom > panel.top && controls.top < panel.bottom;
    }, N8N_SELECTORS.canvasControls);
    expect(overlap).toBe(false);
  });

  it('retries the execution, and the new one appears in the list', async () => {
    const countRows = () => page.$$eval('>>> [data-testid=execution-list] li', (items) => items.length);
    const before = await countRows();
    await page.click('>>> [data-testid=retry]');
    await page.waitForSelector('>>> [data-testid=panel-notice]', { timeout: 15_000 });
    expect(await text(page, 'panel-notice')).toMatch(/Retried: execution \d+/);
    await page.waitForFunction((count) => {
      const host = document.querySelector('ai-http-overlay');
      return (host?.shadowRoot?.querySelectorAll('[data-testid=execution-list] li').length ?? 0) > count;
    }, { timeout: 20_000 }, before);
    await screenshot(page, `${kind}-debugger-retried`);
  });
});
