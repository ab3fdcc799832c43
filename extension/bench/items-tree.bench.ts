// Opening the input items of a 10 MB execution in the debugger panel, in real Chromium against a
// real n8n: from the click on "Browse all items" to the first tree rows on screen. That includes
// the background reading the execution (with its data) from n8n, digesting it, sending every item
// to the overlay and React rendering the rows in view. The goal is ≤ 1 s.
// Baseline, in the same page: the same items shown the plain way, pretty-printed into a <pre>
// (stringify, insert, layout), timed inside the page.
import { benchN8n, closedPort, createWebhookWorkflow, n8nApi } from '../../tests/support/n8n.ts';
import { launchWithExtension, signInToN8n } from '../tests/e2e/harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const n8n = await benchN8n();
const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
const ext = await launchWithExtension('chromium');
await signInToN8n(ext.browser, n8n);
const page = await ext.browser.newPage();
await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
await page.waitForSelector('>>> [data-testid=debugger-panel]', { timeout: 30_000 });

// Just over 10 MB of JSON: 44,000 order lines.
const rows = Array.from({ length: 44_000 }, (_, i) => ({ id: i, sku: `SKU-${String(i).padStart(6, '0')}`, quantity: i % 7, price: (i % 1000) / 10, note: 'n'.repeat(170) }));
const payloadBytes = JSON.stringify({ rows }).length;
const response = await workflow.trigger({ rows });
if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
const inShadow = (selector: string) => page.waitForFunction((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(s), { timeout: 60_000 }, selector);
await inShadow('[data-testid=open-items]');
const executionId = await page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('li.selected')?.getAttribute('data-execution-id') ?? '');

const opens: number[] = [];
for (let run = 0; run < RUNS; run++) {
  if (run > 0) {
    // Select the execution again: the tree closes and the button comes back.
    await page.evaluate(() => (document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('li.selected button') as HTMLButtonElement).click());
    await inShadow('[data-testid=open-items]');
  }
  const started = performance.now();
  await page.evaluate(() => (document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=open-items]') as HTMLButtonElement).click());
  await inShadow('[data-testid=items-tree] [role=treeitem]');
  opens.push(performance.now() - started);
}

// The baseline: the same items, from n8n's API, pretty-printed into a <pre> in the same page.
const execution = await n8nApi<{ data: { resultData: { runData: Record<string, { data: { main: { json: unknown }[][] } }[]> } } }>(n8n, `/executions/${executionId}?includeData=true`);
const items = execution.data.resultData.runData.Webhook![0]!.data.main[0]!.map((item) => item.json);
const pre: number[] = [];
for (let run = 0; run < RUNS; run++) {
  pre.push(
    await page.evaluate((data) => {
      const started = performance.now();
      const element = document.createElement('pre');
      element.textContent = JSON.stringify(data, null, 2);
      document.body.append(element);
      void element.offsetHeight; // layout
      const ms = performance.now() - started;
      element.remove();
      return ms;
    }, items),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`execution ${executionId}: ${(payloadBytes / 1e6).toFixed(1)} MB of input items, ${RUNS} runs each`);
console.table({
  'open in the panel: click → tree rows (ms)': { first: opens[0]!.toFixed(0), median: median(opens).toFixed(0), runs: opens.map((x) => x.toFixed(0)).join(' ') },
  '<pre> of the same items, in the page (baseline, ms)': { first: pre[0]!.toFixed(0), median: median(pre).toFixed(0), runs: pre.map((x) => x.toFixed(0)).join(' ') },
});
console.log(`goal ≤ 1000 ms: ${Math.max(...opens) <= 1000 ? 'met' : 'NOT met'} (slowest open ${Math.max(...opens).toFixed(0)} ms); ratio to the <pre> baseline ${(median(opens) / median(pre)).toFixed(2)}`);
await ext.close();
await n8n.stop?.();
