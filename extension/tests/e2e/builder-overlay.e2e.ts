// The builder tab of the overlay on a real n8n: paste a cURL with a bearer token, send it to an echo
// server, insert it onto the canvas, save, read the workflow back through n8n's API (the node has a
// credential reference and no secret), run the workflow in n8n and see the echo server receive the
// token from the credential; then copy the canvas node back out as cURL and run it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcho, type Echo, type Received } from '../../../tests/support/echo.ts';
import { createWebhookChain, n8nApi, waitForExecution, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { addInstanceInOptions, browserKind, launchWithExtension, n8nUnderTest, screenshot, setValue, signInToN8n, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const TOKEN = `tok_live_${Date.now().toString(36)}`;

interface StoredNode {
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
}

describe(`builder tab of the overlay in ${kind}, on a real n8n`, () => {
  const n8n = n8nUnderTest();
  let ext: ExtensionBrowser;
  let page: Page;
  let frame: Frame;
  let echo: Echo;
  let workflow: WebhookWorkflow;
  let nodeName = '';
  const click = (selector: string) => frame.$eval(selector, (el) => (el as HTMLElement).click());

  beforeAll(async () => {
    echo = await startEcho();
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
    // The instance's API key lets the builder create the credential in n8n.
    await addInstanceInOptions(ext, n8n);
    workflow = await createWebhookChain(n8n, []);
    page = await ext.browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=overlay-tab-request-builder]', { timeout: 30_000 });
    await page.waitForSelector('[data-test-id=canvas-node]', { timeout: 30_000 });
    await page.click('>>> [data-testid=overlay-tab-request-builder]');
    frame = await builderFrame(page);
    await waitFor('the builder in its frame', () => frame.$('[data-testid=paste-input]').catch(() => null), 20_000);
  }, 180_000);
  afterAll(async () => {
    await ext?.close();
    await echo?.close();
  });

  it('sends a pasted cURL with a bearer token to the echo server from the overlay', async () => {
    const curl = `curl '${echo.base}/v1/orders' \\\n  -H 'Authorization: Bearer ${TOKEN}' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"id": 7, "note": "from n8n"}'`;
    await setValue(frame as unknown as Page, '[data-testid=paste-input]', curl);
    await click('[data-testid=paste-open]');
    // The import is asynchronous (curlconverter's parser loads on first use): wait for the request.
    await waitFor('the imported request', () => frame.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${echo.base}/v1/orders`));
    await click('[data-testid=request-send]');
    // An answer, or a failure whose words the assertion shows.
    await frame.waitForSelector('[data-testid=response], [data-testid=send-failure]', { timeout: 20_000 });
    expect(await frame.$eval('[data-testid=send-failure]', (el) => el.textContent).catch(() => null)).toBeNull();

    expect(await frame.$eval('[data-testid=response-status]', (el) => el.textContent)).toMatch(/^200/);
    expect(echo.received.at(-1)).toMatchObject({ method: 'POST', url: '/v1/orders', body: '{"id": 7, "note": "from n8n"}' });
    expect(echo.received.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The token was typed into the extension's frame: the n8n page's own JavaScript never sees it.
    expect(await page.evaluate((token) => document.documentElement.outerHTML.includes(token), TOKEN)).toBe(false);
    await screenshot(page, `${kind}-overlay-builder-sent`);
  });

  it('inserts the node on the canvas with an n8n credential, and the saved workflow holds no secret', async () => {
    await click('[data-testid=insert-node]');
    nodeName = await waitFor('the node on the canvas', () => page.evaluate(() => [...document.querySelectorAll('[data-test-id=canvas-node]')].map((n) => n.getAttribute('data-node-name')).find((name) => name && name !== 'Webhook') ?? null), 20_000);
    expect(nodeName).toBe('127.0.0.1: HTTP Request');
    await screenshot(page, `${kind}-overlay-builder-inserted`);
    // Save the way a user does: Ctrl+S on the canvas.
    await page.click('[data-test-id=canvas]', { offset: { x: 200, y: 200 } }).catch(() => undefined);
    await page.keyboard.down('Control');
    await page.keyboard.press('s');
    await page.keyboard.up('Control');
    const stored = await waitFor(
      'the saved node',
      async () => (await n8nApi<{ nodes: StoredNode[] }>(n8n, `/workflows/${workflow.id}`)).nodes.find((n) => n.name === nodeName) ?? null,
      20_000,
    );
    expect(stored.type).toBe('n8n-nodes-base.httpRequest');
    expect(stored.parameters).toMatchObject({ method: 'POST', url: `${echo.base}/v1/orders`, authentication: 'genericCredentialType', genericAuthType: 'httpBearerAuth', jsonBody: '{"id": 7, "note": "from n8n"}' });
    expect(stored.credentials?.httpBearerAuth?.id).toBeTruthy();
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
  });

  it('runs in n8n as inserted: the echo server receives the token from the credential', async () => {
    const current = await n8nApi<{ name: string; nodes: StoredNode[]; connections: Record<string, unknown>; settings: Record<string, unknown> }>(n8n, `/workflows/${workflow.id}`);
    const connections = { Webhook: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
    await n8nApi(n8n, `/workflows/${workflow.id}`, { method: 'PUT', body: { name: current.name, nodes: current.nodes, connections, settings: { executionOrder: 'v1' } } });
    // n8n 2.x runs the published version: publish the one with the connection. Publishing can lag
    // behind on a busy machine (the old version answers the webhook), so a run that did not reach
    // the node is published and triggered again, up to three times.
    let call: Received | undefined;
    for (let attempt = 0; attempt < 3 && !call; attempt++) {
      await n8nApi(n8n, `/workflows/${workflow.id}/deactivate`, { method: 'POST' });
      await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
      const { data: earlier } = await n8nApi<{ data: { id: string }[] }>(n8n, `/executions?workflowId=${workflow.id}&limit=1`);
      const before = echo.received.length;
      expect((await workflow.trigger({ hello: 'n8n' })).status).toBe(200);
      const run = await waitForExecution(n8n, workflow.id, { afterId: Number(earlier[0]?.id ?? 0) });
      expect(run.status, JSON.stringify(run.data?.resultData?.error ?? null)).toBe('success');
      if (Object.keys(run.data?.resultData?.runData ?? {}).includes(nodeName)) call = await waitFor('the call n8n made', async () => echo.received.slice(before).find((r) => r.url === '/v1/orders') ?? null, 20_000);
    }
    if (!call) throw new Error('n8n never ran the inserted node');
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(call.body)).toEqual({ id: 7, note: 'from n8n' });
  });

  it('copies the selected HTTP Request node on the canvas as cURL, which runs against the echo server (in n8n\'s dark theme)', async () => {
    // n8n's own theme switch (its settings write N8N_THEME): the builder's frame follows it.
    await page.evaluate(() => localStorage.setItem('N8N_THEME', 'dark'));
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector(`[data-test-id=canvas-node][data-node-name="${nodeName}"]`, { timeout: 30_000 });
    await page.click(`[data-test-id=canvas-node][data-node-name="${nodeName}"]`);
    await page.click('>>> [data-testid=overlay-tab-request-builder]');
    frame = await builderFrame(page);
    await waitFor('the builder in its frame', () => frame.$('[data-testid=copy-selected-curl]').catch(() => null), 20_000);
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, `${kind}-overlay-builder-dark`);
    await frame.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      navigator.clipboard.writeText = async (value: string) => void w.copied.push(value);
    });
    await click('[data-testid=copy-selected-curl]');
    const curl = await waitFor('the copied cURL', () => frame.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1) ?? null), 15_000);
    expect(curl).toMatch(new RegExp(`^curl -X POST '?${echo.base}/v1/orders'? `));
    // The credential's secret is not in the node, so the cURL shows where it goes.
    expect(curl).toContain('Authorization: Bearer <TOKEN>');
    expect(curl).not.toContain(TOKEN);
    const before = echo.received.length;
    // Asynchronously: the echo server answers from this same process.
    await promisify(execFile)('sh', ['-c', `${curl} -s -o /dev/null`], { timeout: 10_000 });
    const ran = echo.received[before]!;
    expect(ran).toMatchObject({ method: 'POST', url: '/v1/orders' });
    expect(JSON.parse(ran.body)).toEqual({ id: 7, note: 'from n8n' });
  });

  it('speaks the overlay\'s language in its frame: Arabic, right to left', async () => {
    await page.goto(`${n8n.url}/workflow/${workflow.id}?lang=ar`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=overlay-tab-request-builder]', { timeout: 30_000 });
    expect(await page.$eval('>>> [data-testid=overlay-tab-request-builder]', (el) => el.textContent)).toBe('المُنشئ');
    await page.click('>>> [data-testid=overlay-tab-request-builder]');
    frame = await builderFrame(page);
    await waitFor('the builder in its frame', () => frame.$('[data-testid=request-send]').catch(() => null), 20_000);
    expect(await frame.evaluate(() => [document.documentElement.dir, document.documentElement.lang, document.querySelector('[data-testid=request-send]')?.textContent])).toEqual(['rtl', 'ar', 'إرسال']);
    await screenshot(page, `${kind}-overlay-builder-arabic`);
  });
});

/** The overlay's builder frame. Firefox over BiDi reports its URL as about:blank, so ask its document. */
function builderFrame(page: Page): Promise<Frame> {
  return waitFor(
    'the builder frame',
    async () => {
      for (const candidate of page.frames()) {
        const url = await candidate.evaluate(() => document.URL).catch(() => '');
        if (url.includes('/builder.html')) return candidate;
      }
      return null;
    },
    20_000,
  );
}
