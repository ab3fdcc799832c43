// Latency from n8n finishing an execution (its stoppedAt) to the execution.failed event arriving
// at a WebSocket client, over 100 executions of Webhook → HTTP Request to a closed port.
// Baseline in the same run: a client polling n8n's public API itself once a second for the same
// workflow (what the extension does with no server) — the ratio shows what the pipeline adds.
// Uses N8N_TEST_URL / N8N_TEST_API_KEY when set, otherwise starts a throwaway n8n. Goal: p95 ≤ 1.5 s.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const COUNT = Number(process.env.BENCH_EXECUTIONS ?? 100);
// The pause between webhook calls; BENCH_GAP_MS=0 sends a burst (many executions per poll).
const gapMs = () => (process.env.BENCH_GAP_MS ? Number(process.env.BENCH_GAP_MS) : 250 + Math.random() * 250);
let n8n: { url: string; apiKey: string; stop?: () => Promise<void> };
if (process.env.N8N_TEST_URL && process.env.N8N_TEST_API_KEY) n8n = { url: process.env.N8N_TEST_URL, apiKey: process.env.N8N_TEST_API_KEY };
else {
  // @ts-expect-error: a plain .mjs module from the repo's scripts, without type declarations
  const lib = (await import('../../scripts/lib/n8n.mjs')) as { ensureN8n(): void; startN8n(): Promise<{ url: string; apiKey: string; stop(): Promise<void> }> };
  lib.ensureN8n();
  n8n = await lib.startN8n();
}
const n8nApi = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(`${n8n.url}/api/v1${path}`, { ...init, headers: { 'X-N8N-API-KEY': n8n.apiKey, 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`n8n ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const closed = await new Promise<number>((resolve) => {
  const probe = createNetServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const path = `bench-latency-${Date.now()}`;
const workflow = await n8nApi<{ id: string }>('/workflows', {
  method: 'POST',
  body: JSON.stringify({
    name: `AI-HTTP latency bench ${path}`,
    nodes: [
      { parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path },
      { parameters: { url: `http://127.0.0.1:${closed}/x`, options: { timeout: 2000 } }, name: 'Call API', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0] },
    ],
    connections: { Webhook: { main: [[{ node: 'Call API', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  }),
});
await n8nApi(`/workflows/${workflow.id}/activate`, { method: 'POST' });

const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: mkdtempSync(join(tmpdir(), 'ai-http-latency-')), LOG_LEVEL: 'silent', POLLER_ENABLED: 'true' };
if (process.env.BENCH_DATABASE_URL && process.env.BENCH_REDIS_URL) Object.assign(env, { DATABASE_URL: process.env.BENCH_DATABASE_URL, REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `aihttp:bench:${Date.now()}:` });
const app = await bootstrap(loadConfig(env), { logger: pino({ level: 'silent' }) });
const server = createServer(app.koa.callback());
app.attach(server);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const post = async <T>(p: string, body: unknown, token?: string) => ((await (await fetch(`${url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json()) as { data: T }).data;
const session = await post<{ accessToken: string }>('/api/v1/auth/register', { email: `latency-${Date.now()}@example.com`, password: 'latency-password-1', name: 'Latency' });
const instance = await post<{ id: string }>('/api/v1/instances', { name: 'n8n', url: n8n.url, apiKey: n8n.apiKey }, session.accessToken);

const viaServer = new Map<string, number>();
const stoppedAt = new Map<string, number>();
const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
await new Promise((resolve) => socket.once('open', resolve));
socket.on('message', (raw) => {
  const message = JSON.parse(raw.toString()) as { type: string; event?: { type: string; executionId: string; digest: { stoppedAt: string | null } } };
  if (message.type === 'event' && message.event?.type === 'execution.failed' && !viaServer.has(message.event.executionId)) {
    viaServer.set(message.event.executionId, Date.now());
    if (message.event.digest.stoppedAt) stoppedAt.set(message.event.executionId, Date.parse(message.event.digest.stoppedAt));
  }
});
socket.send(JSON.stringify({ type: 'hello', token: session.accessToken }));
socket.send(JSON.stringify({ type: 'subscribe', topics: [`workflow:${instance.id}:${workflow.id}`] }));
// Let the first poll store history (it is not announced) before the measured executions.
await new Promise((r) => setTimeout(r, 3_000));

// Baseline: poll n8n directly every second, as a client without the server would.
const viaDirectPoll = new Map<string, number>();
let polling = true;
const baselineLoop = (async () => {
  while (polling) {
    const { data } = await n8nApi<{ data: { id: string; status: string; stoppedAt: string | null }[] }>(`/executions?workflowId=${workflow.id}&limit=20`);
    const now = Date.now();
    for (const e of data) {
      if (e.status === 'error' && !viaDirectPoll.has(e.id)) {
        viaDirectPoll.set(e.id, now);
        if (e.stoppedAt && !stoppedAt.has(e.id)) stoppedAt.set(e.id, Date.parse(e.stoppedAt));
      }
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
})();
const seenBefore = new Set(viaDirectPoll.keys());

for (let i = 0; i < COUNT; i++) {
  await (await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).arrayBuffer();
  await new Promise((r) => setTimeout(r, gapMs()));
}
const deadline = Date.now() + 30_000;
while (Date.now() < deadline && [...viaServer.keys()].length < COUNT) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 1_500));
polling = false;
await baselineLoop;

const latencies = (seen: Map<string, number>) =>
  [...seen.entries()].filter(([id]) => !seenBefore.has(id) && stoppedAt.has(id)).map(([id, at]) => at - stoppedAt.get(id)!).sort((a, b) => a - b);
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
const ours = latencies(viaServer);
const direct = latencies(viaDirectPoll);
console.log(`executions triggered: ${COUNT}; delivered over ws: ${ours.length}; seen by direct polling: ${direct.length}`);
console.table({
  'server → ws (poller at 1 s while watched)': { p50: pct(ours, 0.5), p95: pct(ours, 0.95), max: ours.at(-1) },
  'direct polling of n8n every 1 s (baseline)': { p50: pct(direct, 0.5), p95: pct(direct, 0.95), max: direct.at(-1) },
});
console.log(`p95 ratio server/baseline: ${(pct(ours, 0.95) / pct(direct, 0.95)).toFixed(2)}; goal p95 ≤ 1500 ms → ${pct(ours, 0.95) <= 1500 ? 'met' : 'NOT met'}`);
socket.terminate();
server.closeAllConnections();
server.close();
await app.close();
await n8nApi(`/workflows/${workflow.id}/deactivate`, { method: 'POST' }).catch(() => undefined);
await n8n.stop?.();
