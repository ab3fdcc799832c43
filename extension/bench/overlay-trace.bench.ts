// Main-thread time the overlay adds while the n8n editor loads: Chromium traces the same workflow
// page being opened with the extension (overlay and debugger panel mounted) and without it, five
// times each, in the same run. Reports the page renderer's busy time (sum of RunTask) from
// navigation to 3 s after the canvas appears. Uses N8N_TEST_* when set, otherwise starts an n8n.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { benchN8n } from '../../tests/support/n8n.ts';
import { launchWithExtension, signInToN8n } from '../tests/e2e/harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const n8n = await benchN8n();
const workflow = (await (
  await fetch(`${n8n.url}/api/v1/workflows`, {
    method: 'POST',
    headers: { 'X-N8N-API-KEY': n8n.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'AI-HTTP trace bench', nodes: [{ parameters: {}, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] }], connections: {}, settings: {} }),
  })
).json()) as { id: string };

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Busy time of the busiest renderer main thread (the n8n page), in ms. */
function mainThreadMs(trace: Buffer): number {
  const { traceEvents } = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] };
  const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const busy = new Map<string, number>();
  for (const e of traceEvents) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.name === 'RunTask' && mains.has(key)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  return Math.max(...busy.values()) / 1000;
}

async function measure(browser: Browser, overlay: boolean): Promise<number> {
  const page = await browser.newPage();
  await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
  await page.waitForSelector('[data-test-id="canvas"]', { timeout: 30_000 });
  if (overlay) await page.waitForSelector('>>> [data-testid=debugger-panel]', { timeout: 15_000 });
  await new Promise((r) => setTimeout(r, 3_000));
  const trace = await page.tracing.stop();
  await page.close();
  return mainThreadMs(Buffer.from(trace!));
}

const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
for (let run = 0; run < RUNS; run++) {
  // Without the extension: the baseline.
  const profile = mkdtempSync(join(tmpdir(), 'ai-http-trace-'));
  const plain = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, pipe: true, defaultViewport: { width: 1280, height: 800 }, // The same flags the extension harness uses, so only the extension differs.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`] });
  await signInToN8n(plain, n8n);
  results.off.push(await measure(plain, false));
  await plain.close();
  rmSync(profile, { recursive: true, force: true });
  const ext = await launchWithExtension('chromium');
  await signInToN8n(ext.browser, n8n);
  results.on.push(await measure(ext.browser, true));
  await ext.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`n8n editor load, main-thread busy time of the page (ms), ${RUNS} runs each:`);
console.table({ 'without the extension (baseline)': { median: median(results.off).toFixed(0), runs: results.off.map((x) => x.toFixed(0)).join(' ') }, 'with the overlay and debugger panel': { median: median(results.on).toFixed(0), runs: results.on.map((x) => x.toFixed(0)).join(' ') } });
console.log(`overlay adds ${(median(results.on) - median(results.off)).toFixed(0)} ms (ratio ${(median(results.on) / median(results.off)).toFixed(2)})`);
await n8n.stop?.();
