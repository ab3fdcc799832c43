// A failure shown in full, in English and in Arabic, against a real n8n whose HTTP Request node got
// a 404 from an API (a loopback server answering as Stripe does): the HTTP status, the API's own
// message and its answer (secrets redacted), no raw category prefixes, the failing node outlined
// on n8n's canvas, and in Arabic every word translated, with JSON, code and URLs left to right.
import { createServer, type Server } from 'node:http';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE, KNOWLEDGE_AR } from '@ai-http/shared/n8n/error-knowledge';
import { createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

const inPanel = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(s)?.textContent?.trim() ?? null, selector);

describe(`the whole failure in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let api: Server;
  let workflow: WebhookWorkflow;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    api = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'No such customer: cus_missing', type: 'invalid_request_error' }, api_key: 'sk_live_must_not_show' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${(api.address() as { port: number }).port}/v1/customers/cus_missing`);
    expect((await workflow.trigger({ customer: 'cus_missing' })).status).toBe(200);
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    api?.close();
  });

  it('shows the HTTP status, the API\'s message and its redacted answer, and outlines the failing node (English)', async () => {
    const page = await ext.browser.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${n8n.url}/workflow/${workflow.id}?lang=en`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=api-message]', { timeout: 30_000 });
    expect(await inPanel(page, '[data-testid=http-status]')).toBe('HTTP 404');
    expect(await inPanel(page, '[data-testid=error-category]')).toBe('Not found');
    expect(await inPanel(page, '[data-testid=error-text]')).toBe('The resource you are requesting could not be found');
    expect(await inPanel(page, '[data-testid=api-message]')).toBe('No such customer: cus_missing');
    const body = (await inPanel(page, '[data-testid=api-body]'))!;
    expect(JSON.parse(body)).toEqual({ error: { message: 'No such customer: cus_missing', type: 'invalid_request_error' }, api_key: '[redacted]' });
    const panelText = (await inPanel(page, '[data-testid=overlay-panel]'))!;
    expect(panelText).not.toMatch(/\b(not_found|auth|server_error|rate_limit):/);
    expect(panelText).not.toContain('sk_live_must_not_show');
    expect(await inPanel(page, '[data-testid=open-items]')).toBe('Browse the 1 item');
    // The failing node is outlined on n8n's canvas while its row is open.
    await page.waitForSelector(`${N8N_SELECTORS.canvasNode}[data-node-name="Call API"][data-ai-http-failing]`, { timeout: 20_000 });
    expect(await page.$$eval('[data-ai-http-failing]', (nodes) => nodes.map((node) => node.getAttribute('data-node-name')))).toEqual(['Call API']);
    const outline = await page.$eval('[data-ai-http-failing]', (node) => getComputedStyle(node).outlineStyle);
    expect(outline).toBe('solid');
    await screenshot(page, `${kind}-failure-en`);
    await page.close();
  });

  it('speaks Arabic throughout, with JSON, code and n8n\'s own words as left-to-right islands', async () => {
    const page = await ext.browser.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${n8n.url}/workflow/${workflow.id}?lang=ar`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=api-message]', { timeout: 30_000 });
    expect(await inPanel(page, '[data-testid=explanation]')).toBe(KNOWLEDGE_AR.not_found.explanation);
    expect(await inPanel(page, '[data-testid=fixes] li')).toBe(KNOWLEDGE_AR.not_found.fixes[0]);
    expect(await inPanel(page, '[data-testid=explanation]')).not.toBe(KNOWLEDGE.not_found.explanation);
    expect(await inPanel(page, '[data-testid=execution-list] .ah-badge')).toBe('فشل');
    expect(await inPanel(page, '[data-testid=open-items]')).toBe('تصفّح العنصر الوحيد');
    const islands = await page.evaluate(() => {
      const root = document.querySelector('ai-http-overlay')!.shadowRoot!;
      return ['[data-testid=input-items]', '[data-testid=api-body]', '[data-testid=api-message]', '[data-testid=error-text]', '[data-testid=failing-node] code'].map((selector) => {
        const el = root.querySelector(selector)!;
        const style = getComputedStyle(el);
        return { selector, dir: el.getAttribute('dir'), direction: style.direction, bidi: style.unicodeBidi };
      });
    });
    for (const island of islands) expect(island, island.selector).toEqual({ selector: island.selector, dir: 'ltr', direction: 'ltr', bidi: 'isolate' });
    // Outside the islands (JSON, code, n8n's and the API's own words, names and times), no English
    // word is left: only the names of things (AI-HTTP, n8n, HTTP, JSON, URL, cURL) and n8n's setting names in the fixes.
    const stray = await page.evaluate(() => {
      const root = document.querySelector('ai-http-overlay')!.shadowRoot!.querySelector('[data-testid=overlay-panel]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const words: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        if (parent.closest('[dir=ltr], pre, code, bdi, [data-testid=fixes], [hidden], .timeline') || !parent.getClientRects().length) continue;
        words.push(...(node.textContent!.match(/[A-Za-z][A-Za-z-]+/g) ?? []));
      }
      return words.filter((word) => !['AI-HTTP', 'AI', 'n8n', 'HTTP', 'JSON', 'URL', 'cURL', 'API'].includes(word));
    });
    expect(stray).toEqual([]);
    await page.waitForSelector('[data-ai-http-failing]', { timeout: 20_000 });
    await screenshot(page, `${kind}-failure-ar`);
    await page.close();
  });
});
