// The request builder in the real extension pages (the full-tab page and the popup): paste, edit,
// send to a local echo server from the background, see the answer, keep it; templates with fields;
// bad input that keeps what was typed; Arabic right to left.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcho, type Echo } from '../../../tests/support/echo.ts';
import { browserKind, launchWithExtension, screenshot, setValue, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
/** What the page put on the clipboard (headless browsers have no clipboard to read back). */
const catchClipboard = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    navigator.clipboard.writeText = async (value: string) => void w.copied.push(value);
  });
const copied = (page: Page) => waitFor('the clipboard write', () => page.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1)));

describe(`request builder page in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let echo: Echo;
  let big: { server: Server; url: string; base: string };

  beforeAll(async () => {
    echo = await startEcho();
    big = await bigJsonServer(5 * 1024 * 1024);
    ext = await launchWithExtension(kind);
    page = await ext.openExtensionPage('builder.html', '[data-testid=paste-input]');
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
    await echo?.close();
    big?.server.closeAllConnections();
    big?.server.close();
  });

  it('opens a multi-line cURL with a JSON body and a bearer token, sends it, and shows the answer', async () => {
    const curl = `curl '${echo.base}/v1/orders?tag=a' \\\n  -H 'Authorization: Bearer tok_live_1' \\\n  -H 'Content-Type: application/json' \\\n  -H 'sec-fetch-mode: cors' \\\n  --data-raw '{\n  "id": 7,\n  "lines": [1, 2]\n}'`;
    await setValue(page, '[data-testid=paste-input]', curl);
    await click(page, '[data-testid=paste-open]');
    // The import is asynchronous (curlconverter's parser loads on first use): wait for the request.
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${echo.base}/v1/orders`));
    expect(await page.$eval('[data-testid=request-method]', (el) => (el as HTMLSelectElement).value)).toBe('POST');
    // The bearer token sits in Auth, masked.
    await click(page, '[data-testid=part-auth]');
    await page.waitForSelector('[data-testid=auth-token]');
    expect(await page.$eval('[data-testid=auth-token]', (el) => [(el as HTMLInputElement).type, (el as HTMLInputElement).value])).toEqual(['password', 'tok_live_1']);
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=response]', { timeout: 20_000 });
    expect(await text(page, '[data-testid=response-status]')).toMatch(/^200/);
    const got = echo.received.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/v1/orders?tag=a', body: '{\n  "id": 7,\n  "lines": [1, 2]\n}' });
    expect(got.headers.authorization).toBe('Bearer tok_live_1');
    // DevTools noise is dropped, and the user is told which.
    expect(await text(page, '[data-testid=import-warnings]')).toMatch(/left out: sec-fetch-mode/);
    expect(await text(page, '[data-testid=response-pretty]')).toContain('"ok": true');
    await screenshot(page, `${kind}-builder-sent`);
  });

  it('copies the node without the secret, names it, and keeps the request in history and saved', async () => {
    await catchClipboard(page);
    await click(page, '[data-testid=copy-node]');
    const clip = JSON.parse(await copied(page)) as { nodes: { name: string; parameters: Record<string, unknown> }[] };
    expect(clip.nodes[0]).toMatchObject({ name: '127.0.0.1: HTTP Request', parameters: { method: 'POST', genericAuthType: 'httpBearerAuth', specifyBody: 'json' } });
    expect(JSON.stringify(clip)).not.toContain('tok_live_1');

    await setValue(page, '[data-testid=save-name]', 'Create order');
    await setValue(page, '[data-testid=save-tags]', 'orders, test');
    await click(page, '[data-testid=save-request]');
    await click(page, '[data-testid=tab-saved]');
    await page.waitForSelector('[data-testid=saved-list] li');
    expect(await text(page, '[data-testid=saved-list]')).toMatch(/Create order.*orders.*test/);
    await click(page, '[data-testid=tab-history]');
    await page.waitForSelector('[data-testid=history-list] li');
    expect(await text(page, '[data-testid=history-list] li')).toMatch(/POST.*\/v1\/orders.*200/);
  });

  it('saves a request as a user template, which the template search offers first', async () => {
    await click(page, '[data-testid=tab-request]');
    await page.waitForSelector('[data-testid=save-name]');
    await setValue(page, '[data-testid=save-name]', 'Order lookup');
    await click(page, '[data-testid=save-as-template]');
    await click(page, '[data-testid=save-request]');
    await waitFor('the template saved', () => page.evaluate(() => [...document.querySelectorAll('.ah-toast-title')].some((el) => /Saved "Order lookup"/.test(el.textContent ?? '')) || null));
    await setValue(page, '[data-testid=paste-input]', 'order lookup');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the user template offered', () => page.evaluate(() => document.querySelector('[data-testid=user-templates] li')?.textContent?.includes('Order lookup') || null));
    await click(page, '[data-testid=user-templates] li button');
    await waitFor('the template in the editor', () => page.evaluate(() => document.querySelector('[data-testid=request-origin]')?.textContent?.includes('Order lookup') || null));
    expect(await page.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value)).toBe(`${echo.base}/v1/orders`);
  });

  it('refuses a paste it cannot read with what it expected, keeping the text', async () => {
    await setValue(page, '[data-testid=paste-input]', "curl 'https://api.example.com");
    await click(page, '[data-testid=paste-open]');
    await waitFor('the paste error', () => page.$eval('.builder-paste .ah-error', (el) => el.textContent).catch(() => null));
    expect(await text(page, '.builder-paste .ah-error')).toMatch(/quote/i);
    expect(await page.$eval('[data-testid=paste-input]', (el) => (el as HTMLTextAreaElement).value)).toBe("curl 'https://api.example.com");
  });

  it('refuses what it cannot send, saying why: a non-HTTP scheme pasted or typed', async () => {
    await setValue(page, '[data-testid=paste-input]', 'ftp://files.example.com/a.txt');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the scheme error', () => page.$eval('.builder-paste .ah-error', (el) => el.textContent).catch(() => null));
    expect(await text(page, '.builder-paste .ah-error')).toMatch(/only calls http:\/\/ and https:\/\//);

    // Typed into the URL box afterwards, the same scheme blocks the send (the header rule is unit-tested: inputs drop line breaks).
    await setValue(page, '[data-testid=paste-input]', `${echo.base}/plain`);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${echo.base}/plain`));
    await setValue(page, '[data-testid=request-url]', 'ftp://files.example.com/a.txt');
    const before = echo.received.length;
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=send-problems]');
    expect(await text(page, '[data-testid=send-problems]')).toMatch(/only http:\/\/ and https:\/\/ requests, not ftp:/);
    expect(echo.received.length).toBe(before);
  });

  it('imports Stripe from a URL, finds "create a customer" from plain words, fills it and sends it', async () => {
    await click(page, '[data-testid=tab-openapi]');
    // The OpenAPI panel and its store load when the tab is first opened.
    await page.waitForSelector('[data-testid=spec-url]', { timeout: 20_000 });
    await setValue(page, '[data-testid=spec-url]', `${big.base}/stripe.json`);
    await click(page, '[data-testid=spec-load]');
    await waitFor('Stripe listed', () => page.evaluate(() => /Stripe API.*417 operations/.test(document.querySelector('[data-testid=spec-item]')?.textContent ?? '') || null), 60_000);
    // Plain words in the paste box search the imported specs too.
    await setValue(page, '[data-testid=paste-input]', 'create a customer');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the Stripe operation', () => page.evaluate(() => document.querySelector('[data-testid=word-operations] li')?.textContent?.includes('Stripe') || null), 20_000);
    await click(page, '[data-testid=word-operations] li button');
    await waitFor('the operation in the editor', () => page.$eval('[data-testid=save-name]', (el) => (el as HTMLInputElement).value === 'Stripe: Create customer' || null), 20_000);
    expect(await page.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value)).toBe('https://api.stripe.com/v1/customers');
    await screenshot(page, `${kind}-builder-stripe`);
    // Aimed at the echo server, with the form the schema filled and the user name field filled in.
    await setValue(page, '[data-testid=request-url]', `${echo.base}/v1/customers`);
    const fields = await page.$$eval('[data-testid^=field-]', (inputs) => inputs.map((input) => input.getAttribute('data-testid')!));
    for (const field of fields.filter((id) => !id.endsWith('-reveal'))) await setValue(page, `[data-testid="${field}"]`, 'sk_test_123');
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=response]', { timeout: 20_000 });
    const got = echo.received.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/v1/customers' });
    expect(got.headers['content-type']).toMatch(/x-www-form-urlencoded/);
    expect(new URLSearchParams(got.body).has('email')).toBe(true);
    expect(got.headers.authorization).toMatch(/^Basic /);
  });

  it('attaches a chosen file to a multipart test send', async () => {
    await setValue(page, '[data-testid=paste-input]', `curl ${echo.base}/upload -F note=hi -F 'report=@report.txt'`);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${echo.base}/upload`));
    await click(page, '[data-testid=part-body]');
    const input = await page.waitForSelector('input[data-testid=file-part-1]');
    const file = join(mkdtempSync(join(tmpdir(), 'ai-http-upload-')), 'report.txt');
    writeFileSync(file, 'quarterly numbers');
    await (input as ElementHandle<HTMLInputElement>).uploadFile(file);
    await waitFor('the chosen file', () => page.evaluate(() => document.querySelector('.builder-file .ah-muted')?.textContent?.includes('report.txt') || null));
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=response]', { timeout: 20_000 });
    const got = echo.received.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/upload' });
    expect(got.body).toMatch(/name="note"\r\n\r\nhi\r\n/);
    expect(got.body).toMatch(/name="report"; filename="report.txt"\r\nContent-Type: text\/plain\r\n\r\nquarterly numbers\r\n/);
  });

  it('cancels an answer that never ends, and says so', async () => {
    await setValue(page, '[data-testid=paste-input]', `${big.base}/never`);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${big.base}/never`));
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=request-cancel]', { timeout: 10_000 });
    await click(page, '[data-testid=request-cancel]');
    await page.waitForSelector('[data-testid=send-failure]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=send-failure]')).toMatch(/canceled/);
    expect(await page.$('[data-testid=request-send]')).not.toBeNull();
  });

  it('names a refused connection from what the browser’s network layer reported', async () => {
    // A port nothing listens on: bound, then closed.
    const closed = (await bigJsonServer(1)).server;
    const port = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    await setValue(page, '[data-testid=paste-input]', `http://127.0.0.1:${port}/nothing`);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `http://127.0.0.1:${port}/nothing`));
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=send-failure]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=send-failure]')).toMatch(/refused or dropped the connection/);
  });

  it('opens a 5 MB JSON answer on the virtualised tree, scroll-ready', async () => {
    await setValue(page, '[data-testid=paste-input]', big.url);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, big.url));
    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=items-tree]', { timeout: 30_000 });
    expect(await text(page, '[data-testid=response-size]')).toMatch(/5\.0 MB/);
    // Only the rows in view are drawn.
    const drawn = await page.$$eval('[data-testid=items-tree] [role=treeitem]', (rows) => rows.length);
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(200);
  });
});

describe(`request builder in the ${kind} popup`, () => {
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    ext = await launchWithExtension(kind);
  }, 60_000);
  afterAll(() => ext?.close());

  it('finds a template from plain words, asks for its fields, and copies its node', async () => {
    const popup = await ext.openExtensionPage('popup.html', '[data-testid=paste-input]');
    await setValue(popup, '[data-testid=paste-input]', 'send a slack message');
    await click(popup, '[data-testid=paste-open]');
    await waitFor('the Slack template', () => popup.evaluate(() => document.querySelector('[data-testid=template-results] li')?.textContent?.includes('Slack') || null));
    await click(popup, '[data-testid=template-results] li button');
    await popup.waitForSelector('[data-testid=request-fields]');
    // Required fields block sending until filled.
    await click(popup, '[data-testid=request-send]');
    await popup.waitForSelector('[data-testid=send-problems]');
    expect(await text(popup, '[data-testid=send-problems]')).toMatch(/required/);
    await catchClipboard(popup);
    await click(popup, '[data-testid=copy-node]');
    const clip = JSON.parse(await copied(popup)) as { nodes: { name: string; parameters: Record<string, unknown> }[] };
    expect(clip.nodes[0]!.name).toMatch(/^Slack: /);
    expect(clip.nodes[0]!.parameters).toMatchObject({ url: 'https://slack.com/api/chat.postMessage', genericAuthType: 'httpBearerAuth' });
    // Placeholders become n8n expressions on the incoming item, not literal text.
    expect(JSON.stringify(clip.nodes[0]!.parameters)).toMatch(/\$json\.channel/);
    const width = await popup.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(width[0]).toBeLessThanOrEqual(width[1]! + 1);
    await screenshot(popup, `${kind}-popup-builder-template`);
  });

  it('opens the dashboard in a tab from the popup', async () => {
    const popup = await ext.openExtensionPage('popup.html', '[data-testid=open-dashboard]');
    await click(popup, '[data-testid=open-dashboard]');
    const opened = await waitFor('the dashboard tab', async () => {
      for (const candidate of await ext.browser.pages()) {
        const href = await candidate.evaluate(() => location.href).catch(() => '');
        if (href.endsWith('/dashboard.html')) return href;
      }
      return null;
    });
    expect(opened).toBe(`${ext.extensionOrigin}/dashboard.html`);
  });

  it('lays the popup out right to left in Arabic', async () => {
    const popup = await ext.openExtensionPage('popup.html?lang=ar', '[data-testid=paste-input]');
    const layout = await popup.evaluate(() => {
      const tabs = [...document.querySelectorAll('[role=tab]')].map((tab) => tab.getBoundingClientRect());
      return { dir: document.documentElement.dir, lang: document.documentElement.lang, first: tabs[0]!.left, second: tabs[1]!.left, send: document.querySelector('[data-testid=request-send]')?.textContent };
    });
    expect(layout).toMatchObject({ dir: 'rtl', lang: 'ar', send: 'إرسال' });
    expect(layout.first).toBeGreaterThan(layout.second);
    await screenshot(popup, `${kind}-popup-arabic`);
  });
});

/** A server answering /stripe.json with the Stripe fixture, and anything else with a JSON array of about `bytes` bytes. */
async function bigJsonServer(bytes: number): Promise<{ server: Server; url: string; base: string }> {
  const row = (i: number) => ({ id: i, name: `customer ${i}`, email: `c${i}@example.com`, tags: ['a', 'b'], address: { city: 'Cairo', zip: String(10000 + i) } });
  const rows: unknown[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const item = row(i);
    size += JSON.stringify(item).length + 1;
    rows.push(item);
  }
  const body = JSON.stringify(rows);
  const stripe = readFileSync(resolve(import.meta.dirname, '../../../../shared/fixtures/openapi/stripe-2022-04-12.json'));
  const server = createServer((req, res) => {
    // An answer that starts and never ends.
    if (req.url === '/never') return void res.writeHead(200, { 'content-type': 'text/plain' }).write('start…');
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/stripe.json' ? stripe : body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { server, url: `${base}/customers`, base };
}
