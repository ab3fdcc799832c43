// Latency from n8n finishing an execution (its stoppedAt) to the execution.failed event arriving
// at a WebSocket client, over 100 executions of Webhook → HTTP Request to a closed port.
// Baseline in the same run: a client polling n8n's public API itself once a second for the same
// workflow (what the extension does with no server) — the ratio shows what the pipeline adds.
// Uses the n8n in N8N_TEST_* when set, otherwise starts a throwaway one. Goal: p95 ≤ 1.5 s.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { benchN8n, closedPort, createWebhookWorkflow, n8nApi } from '../../tests/support/n8n.ts';

const COUNT = Number(process.env.BENCH_EXECUTIONS ?? 100);
// The pause between webhook calls; BENCH_GAP_MS=0 sends a burst (many executions per poll).
const gapMs = () => (process.env.BENCH_GAP_MS ? Number(process.env.BENCH_GAP_MS) : 250 + Math.random() * 250);
const n8n = await benchN8n();
const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/x`, `AI-HTTP latency bench ${Date.now()}`);

const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: mkdtempSync(join(tmpdir(), 'ai-http-latency-')), LOG_LEVEL: 'silent', POLLER_ENABLED: 'true', ALLOW_PRIVATE_N8N: 'true' };
if (process.env.BENCH_DATABASE_URL && process.env.BENCH_REDIS_URL) Object.assign(env, { DATABASE_URL: process.env.BENCH_DATABASE_URL, REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `aihttp:bench:${Date.now()}:` });
const app = await bootstrap(loadConfig(env), { logger: pino({ level: 'silent' }), validateResponses: false });
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
    const { data } = await n8nApi<{ data: { id: string; status: string; stoppedAt: string | null }[] }>(n8n, `/executions?workflowId=${workflow.id}&limit=20`);
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
  await (await workflow.trigger({})).arrayBuffer();
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
await n8nApi(n8n, `/workflows/${workflow.id}/deactivate`, { method: 'POST' }).catch(() => undefined);
await n8n.stop?.();
