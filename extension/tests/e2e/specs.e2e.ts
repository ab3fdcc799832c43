// OpenAPI sources in the real browsers: the Stripe fixture loaded from a URL the test serves into
// the specs-lab page (the specs panel alone), parsed in the module worker, with the progress bar
// seen; then "create a customer" found and used, at the popup's 360 px width.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserKind, launchWithExtension, screenshot, setValue, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const stripe = readFileSync(resolve(import.meta.dirname, '../../../../shared/fixtures/openapi/stripe-2022-04-12.json'));

describe(`OpenAPI sources in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let base: string;
  const server = createServer((req, res) => {
    if (req.url !== '/stripe.json') return void res.writeHead(404).end();
    // Sent slowly (64 KB every 20 ms) with Content-Length, so the bar is there to be seen.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': stripe.length });
    let offset = 0;
    const timer = setInterval(() => {
      res.write(stripe.subarray(offset, offset + 65_536));
      offset += 65_536;
      if (offset >= stripe.length) {
        clearInterval(timer);
        res.end();
      }
    }, 20);
    res.on('close', () => clearInterval(timer));
  });

  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    ext = await launchWithExtension(kind);
    page = await ext.openExtensionPage('specs-lab.html', '[data-testid=spec-none]');
    await page.setViewport({ width: 360, height: 720 });
  }, 60_000);
  afterAll(async () => {
    await ext?.close();
    server.close();
  });

  it('loads Stripe from a URL with a determinate progress bar, then lists it with its 417 operations', async () => {
    await setValue(page, '[data-testid=spec-url]', `${base}/stripe.json`);
    await page.click('[data-testid=spec-load]');
    const seen = await waitFor('the progress bar with a value', () =>
      page.evaluate(() => {
        const bar = document.querySelector('[data-testid=spec-progress]');
        const value = bar?.querySelector('[aria-valuenow]')?.getAttribute('aria-valuenow') ?? bar?.getAttribute('aria-valuenow');
        return value && Number(value) > 0 ? { value: Number(value), phase: bar!.getAttribute('data-phase') } : null;
      }),
    );
    expect(seen.phase).toBe('download');
    await screenshot(page, `${kind}-specs-progress`);
    await page.waitForSelector('[data-testid=spec-item]', { timeout: 30_000 });
    expect(await page.$eval('[data-testid=spec-item]', (el) => el.textContent)).toMatch(/Stripe API.*417 operations/);
    expect(await page.$('[data-testid=spec-progress]')).toBeNull();
    // Nothing overflows the popup's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('finds "create a customer" and hands POST /v1/customers with a filled body to the editor', async () => {
    await setValue(page, '[data-testid=spec-search]', 'create a customer');
    await waitFor('POST /v1/customers first', () => page.evaluate(() => document.querySelector('[data-testid=spec-results] li')?.getAttribute('data-operation-id') === 'PostCustomers'));
    await screenshot(page, `${kind}-specs-search`);
    await page.click('[data-testid=spec-results] li [data-testid=spec-use]');
    await page.waitForSelector('[data-testid=spec-picked]');
    const picked = JSON.parse(await page.$eval('[data-testid=spec-picked]', (el) => el.textContent ?? '')) as { title: string; request: { method: string; url: string; body: { mode: string; fields: { name: string }[] } }; credentialHint: { type: string } };
    expect(picked).toMatchObject({ title: 'Stripe API', request: { method: 'POST', url: 'https://api.stripe.com/v1/customers', body: { mode: 'form' } }, credentialHint: { type: 'httpBasicAuth' } });
    expect(picked.request.body.fields.map((f) => f.name)).toContain('email');
  });

  it('imports a chosen file (GitHub, 623 operations) and names a binary one as such', async () => {
    const input = await page.$('input[data-testid=spec-file]');
    await input!.uploadFile(resolve(import.meta.dirname, '../../../../shared/fixtures/openapi/github-2020-08-30.json'));
    await waitFor('the GitHub spec listed', () => page.evaluate(() => [...document.querySelectorAll('[data-testid=spec-item]')].some((li) => /623 operations/.test(li.textContent ?? ''))), 30_000);
    const again = await page.$('input[data-testid=spec-file]');
    await again!.uploadFile(resolve(import.meta.dirname, '../../public/icon/128.png'));
    await waitFor('the binary file refused', () => page.$eval('[data-testid=spec-error]', (el) => /binary/.test(el.textContent ?? '')).catch(() => false));
  });

  it('keeps the spec for the next visit and says clearly when a URL cannot be downloaded', async () => {
    // A new page (Firefox over BiDi never settles a reload of a moz-extension:// page).
    await page.close();
    page = await ext.openExtensionPage('specs-lab.html', '[data-testid=spec-item]');
    await page.setViewport({ width: 360, height: 720 });
    await setValue(page, '[data-testid=spec-url]', `${base}/missing.json`);
    await page.click('[data-testid=spec-load]');
    await page.waitForSelector('[data-testid=spec-error]', { timeout: 15_000 });
    expect(await page.$eval('[data-testid=spec-error]', (el) => el.textContent)).toMatch(/answered 404/);
    await setValue(page, '[data-testid=spec-url]', 'http://127.0.0.1:9/closed.json');
    await page.click('[data-testid=spec-load]');
    await waitFor('the download failure', () => page.$eval('[data-testid=spec-error]', (el) => /Could not download 127\.0\.0\.1:9/.test(el.textContent ?? '')).catch(() => false));
  });
});
