// The stream-to-panel step, in real Chromium: from a WebSocket frame's arrival in the extension's
// background (a User Timing mark the background sets before parsing it) to the execution's row on
// screen in the debugger panel (a MutationObserver in the n8n tab). The server runs in this
// process (embedded store); events are published straight into its event log, so what is timed is
// the extension alone: parse, the workflow watch, the port to the panel, zustand and React.
// Goal: ≤ 100 ms at p95. Baseline, same run: the leg before it, from publish() on the server to
// the frame's arrival in the background (server fan-out, WebSocket, loopback).
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { bootstrap } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { launchWithExtension, signInToServer, staticServer, waitFor } from '../tests/e2e/harness.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 60);
const FRAME_MARK = 'ai-http:stream-frame';
const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/tests/fixtures/executions/closed-port.json'), 'utf8'));

const app = await bootstrap(loadConfig({ NODE_ENV: 'test', AIHTTP_DATA_DIR: mkdtempSync(join(tmpdir(), 'ai-http-stream-panel-')), LOG_LEVEL: 'silent', POLLER_ENABLED: 'false' }));
const server = createServer(app.koa.callback());
app.attach(server);
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const post = async <T>(path: string, body: unknown, token?: string) => ((await (await fetch(`${serverUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json()) as { data: T }).data;
const account = { email: `stream-panel-${Date.now()}@example.com`, password: 'stream-panel-password-1' };
const session = await post<{ accessToken: string }>('/api/v1/auth/register', { ...account, name: 'Bench' });

// The n8n page: the saved editor HTML, on a loopback origin the e2e build is granted.
const site = await staticServer(readFileSync(resolve(import.meta.dirname, '../tests/fixtures/n8n-editor-workflow.html'), 'utf8'));
const origin = `http://127.0.0.1:${site.port}`;
const instance = await post<{ id: string }>('/api/v1/instances', { name: 'bench n8n', url: origin, apiKey: 'n8n_api_bench_0123456789' }, session.accessToken);

const ext = await launchWithExtension('chromium');
await signInToServer(ext, serverUrl, account);

const page = await ext.browser.newPage();
await page.goto(`${origin}/workflow/wf-bench`, { waitUntil: 'load' });
await page.waitForFunction(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=panel-source][data-source=server]'), { timeout: 30_000 });
// Rows on screen, by execution id, in epoch milliseconds.
await page.evaluate(() => {
  const seen: Record<string, number> = {};
  (window as unknown as { __rowsSeen: Record<string, number> }).__rowsSeen = seen;
  const root = document.querySelector('ai-http-overlay')!.shadowRoot!;
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    for (const li of root.querySelectorAll('[data-testid=execution-list] li[data-execution-id]')) seen[li.getAttribute('data-execution-id')!] ??= now;
  }).observe(root, { childList: true, subtree: true });
});
const worker = await (await ext.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(ext.extensionOrigin)))!.worker();
if (!worker) throw new Error('no service worker to read the frame marks from');

const published = new Map<string, number>();
for (let i = 0; i < EVENTS; i++) {
  const executionId = String(1_000_000 + i);
  const digest = { ...summarizeExecution(fixture), executionId, workflowId: 'wf-bench', startedAt: new Date().toISOString() };
  published.set(executionId, performance.timeOrigin + performance.now());
  await app.services.eventLog.publish({ type: 'execution.failed', instanceId: instance.id, workflowId: 'wf-bench', executionId, digest });
  await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
}
const onScreen = await waitFor('every row on screen', async () => {
  const seen = await page.evaluate(() => (window as unknown as { __rowsSeen: Record<string, number> }).__rowsSeen);
  return [...published.keys()].every((id) => seen[id]) ? seen : null;
}, 30_000);
const frames = new Map(
  (await worker.evaluate((mark) => performance.getEntriesByName(mark).map((e) => [String((e as PerformanceMark).detail), performance.timeOrigin + e.startTime] as const), FRAME_MARK)),
);

const toPanel: number[] = [];
const toBackground: number[] = [];
for (const [id, at] of published) {
  const frame = frames.get(id);
  if (frame === undefined) throw new Error(`no frame mark for execution ${id}`);
  toBackground.push(frame - at);
  toPanel.push(onScreen[id]! - frame);
}
if (process.env.BENCH_VERBOSE) console.log('per event (ms):', toPanel.map((x) => x.toFixed(0)).join(' '));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`${EVENTS} executions streamed to an open debugger panel (Chromium, embedded server in this process)`);
console.table({
  'ws frame in the background → row on screen (ms)': { p50: pct(toPanel, 50).toFixed(1), p95: pct(toPanel, 95).toFixed(1), max: Math.max(...toPanel).toFixed(1) },
  'publish on the server → ws frame in the background (baseline, ms)': { p50: pct(toBackground, 50).toFixed(1), p95: pct(toBackground, 95).toFixed(1), max: Math.max(...toBackground).toFixed(1) },
});
console.log(`goal p95 ≤ 100 ms: ${pct(toPanel, 95) <= 100 ? 'met' : 'NOT met'} (p95 ${pct(toPanel, 95).toFixed(1)} ms); ratio to the baseline leg at p50 ${(pct(toPanel, 50) / pct(toBackground, 50)).toFixed(2)}`);
await ext.close();
site.server.close();
server.closeAllConnections();
server.close();
await app.close();
