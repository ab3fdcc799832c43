// Stripe's 4.2 MB OpenAPI spec, imported in a real extension page (Chromium, the e2e build's
// specs-lab page, which mounts the specs panel alone): from the click on Load to the spec listed,
// and to "create a customer" answered by the search, with the page's longest task meanwhile
// (PerformanceObserver 'longtask'). Goal: no task over 100 ms on the page while importing.
// Baseline, same run: the same import on the page's own thread (`?on-page`, what the popup's
// OpenAPI tab did before the worker).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchWithExtension, setValue } from '../tests/e2e/harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const stripe = readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi/stripe-2022-04-12.json'));

// Served in 64 KB chunks with Content-Length, as a static host would, so the bar is determinate.
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': stripe.length, 'access-control-allow-origin': '*' });
  for (let i = 0; i < stripe.length; i += 65_536) res.write(stripe.subarray(i, i + 65_536));
  res.end();
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const specUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/stripe.json`;

interface Run {
  listedMs: number;
  searchableMs: number;
  longestTaskMs: number;
  progressSeen: number;
}

const ext = await launchWithExtension('chromium');

async function importOnce(path: string): Promise<Run> {
  const page: Page = await ext.openExtensionPage(path, '[data-testid=spec-url]');
  // Start from an empty store, so every run writes the whole spec.
  await page.evaluate(() => new Promise((done) => Object.assign(indexedDB.deleteDatabase('ai-http-specs'), { onsuccess: done, onerror: done, onblocked: done })));
  await page.reload();
  await page.waitForSelector('[data-testid=spec-none]');
  await setValue(page, '[data-testid=spec-url]', specUrl);
  const result = await page.evaluate(
    () =>
      new Promise<Run>((done) => {
        const longTasks = (window as unknown as { __longTasks: number[] }).__longTasks;
        longTasks.length = 0;
        const progressValues = new Set<string>();
        let listedAt = 0;
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          const bar = document.querySelector('[data-testid=spec-progress]');
          const value = bar?.getAttribute('aria-valuenow') ?? bar?.querySelector('[aria-valuenow]')?.getAttribute('aria-valuenow');
          if (value) progressValues.add(value);
          if (!listedAt && document.querySelector('[data-testid=spec-item]') && document.querySelector('[data-testid=spec-search]')) {
            listedAt = performance.now();
            const input = document.querySelector<HTMLInputElement>('[data-testid=spec-search]')!;
            Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'create a customer');
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
          const first = document.querySelector('[data-testid=spec-results] li');
          if (listedAt && first?.getAttribute('data-operation-id') === 'PostCustomers') {
            observer.disconnect();
            const searchableMs = performance.now() - t0;
            // Let a long task still running at the end be reported.
            setTimeout(() => done({ listedMs: listedAt - t0, searchableMs, longestTaskMs: Math.max(0, ...longTasks), progressSeen: progressValues.size }), 200);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        document.querySelector<HTMLButtonElement>('[data-testid=spec-load]')!.click();
      }),
  );
  const error = await page.$eval('[data-testid=spec-error]', (el) => el.textContent).catch(() => null);
  if (error) throw new Error(`import failed: ${error}`);
  await page.close();
  return result;
}

const worker: Run[] = [];
const onPage: Run[] = [];
// Alternated, so a slow moment on the shared machine hits both.
for (let i = 0; i < RUNS; i++) {
  worker.push(await importOnce('specs-lab.html'));
  onPage.push(await importOnce('specs-lab.html?on-page'));
}
await ext.close();
server.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (runs: Run[]) => ({
  'listed p50 (ms)': median(runs.map((r) => r.listedMs)).toFixed(0),
  'searchable p50 (ms)': median(runs.map((r) => r.searchableMs)).toFixed(0),
  // Long tasks are those over 50 ms: 0 means the page never had one.
  'longest task p50 (ms, 0 = none over 50)': median(runs.map((r) => r.longestTaskMs)).toFixed(0),
  'longest task max (ms)': Math.max(...runs.map((r) => r.longestTaskMs)).toFixed(0),
  'progress values seen (min)': Math.min(...runs.map((r) => r.progressSeen)),
});
console.log(`Stripe spec (${(stripe.length / 1024 / 1024).toFixed(1)} MB) imported from a loopback URL into the specs-lab page, ${RUNS} runs each (Chromium)`);
console.table({ 'worker (this change)': row(worker), 'on the page (baseline)': row(onPage) });
const worst = Math.max(...worker.map((r) => r.longestTaskMs));
console.log(`goal no task over 100 ms on the page: ${worst <= 100 ? 'met' : 'NOT met'} (longest ${worst.toFixed(0)} ms); import-to-searchable ratio worker / on-page at p50 ${(median(worker.map((r) => r.searchableMs)) / median(onPage.map((r) => r.searchableMs))).toFixed(2)}`);
