// Latency from n8n finishing an execution (its stoppedAt) to the execution.failed event arriving
// at a WebSocket client, over 100 executions of Webhook → HTTP Request to a closed port, with and
// without the n8n hook, in the same run on the same n8n: the bench starts an n8n that loads the
// hook file (server/n8n-hook) for instance A; instance B is the same n8n added again by another
// user, which the server learns about by polling only. Baseline in the same run: a client
// polling n8n's public API itself once a second (what the extension does with no server).
// Goals: p95 ≤ 1.5 s by polling, ≤ 300 ms with the hook.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { closedPort, createWebhookWorkflow, n8nApi } from '../../tests/support/n8n.ts';
// @ts-expect-error: a plain .mjs module from the repo's scripts, without type declarations
import { freePort, startN8n } from '../../scripts/lib/n8n.mjs';

const COUNT = Number(process.env.BENCH_EXECUTIONS ?? 100);
// The pause between webhook calls; BENCH_GAP_MS=0 sends a burst (many executions per poll).
const gapMs = () => (process.env.BENCH_GAP_MS ? Number(process.env.BENCH_GAP_MS) : 250 + Math.random() * 250);
const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: mkdtempSync(join(tmpdir(), 'ai-http-latency-')), LOG_LEVEL: 'silent', POLLER_ENABLED: 'true', ALLOW_PRIVATE_N8N: 'true' };
if (process.env.BENCH_DATABASE_URL && process.env.BENCH_REDIS_URL) Object.assign(env, { DATABASE_URL: process.env.BENCH_DATABASE_URL, REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `aihttp:bench:${Date.now()}:` });
const app = await bootstrap(loadConfig(env), { logger: pino({ level: 'silent' }), validateResponses: false });
const server = createServer(app.koa.callback());
app.attach(server);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const call = async <T>(method: string, p: string, body: unknown, token?: string) => ((await (await fetch(`${url}${p}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as { data: T }).data;
const register = (name: string) => call<{ accessToken: string }>('POST', '/api/v1/auth/register', { email: `latency-${name}-${Date.now()}@example.com`, password: 'latency-password-1', name });
const [hooked, polled] = [await register('hook'), await register('poll')];
// Instance A first (its id is in the hook's URL), then the n8n that calls it, then A's key.
const port = (await freePort()) as number;
const instanceA = await call<{ id: string }>('POST', '/api/v1/instances', { name: 'n8n with the hook', url: `http://127.0.0.1:${port}`, apiKey: 'n8n_api_pending_0123456789' }, hooked.accessToken);
const hook = await call<{ url: string; secret: string }>('GET', `/api/v1/instances/${instanceA.id}/hook`, undefined, hooked.accessToken);
const started = (await startN8n({ port, env: { EXTERNAL_HOOK_FILES: join(import.meta.dirname, '../n8n-hook/ai-http-hook.js'), AIHTTP_HOOK_URL: hook.url, AIHTTP_HOOK_SECRET: hook.secret } })) as { url: string; apiKey: string; owner: { email: string; password: string }; stop(): Promise<void> };
const n8n = { url: started.url, apiKey: started.apiKey, email: started.owner.email, password: started.owner.password };
await call('PATCH', `/api/v1/instances/${instanceA.id}`, { apiKey: n8n.apiKey }, hooked.accessToken);
const instanceB = await call<{ id: string }>('POST', '/api/v1/instances', { name: 'n8n, polled', url: n8n.url, apiKey: n8n.apiKey }, polled.accessToken);
const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/x`, `AI-HTTP latency bench ${Date.now()}`);

const stoppedAt = new Map<string, number>();
/** A ws client of the server, subscribed to the workflow on `instanceId`: when each failure arrived. */
async function watch(token: string, instanceId: string): Promise<{ seen: Map<string, number>; socket: WebSocket }> {
  const seen = new Map<string, number>();
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  await new Promise((resolve) => socket.once('open', resolve));
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { type: string; event?: { type: string; executionId: string; digest: { stoppedAt: string | null } } };
    if (message.type === 'event' && message.event?.type === 'execution.failed' && !seen.has(message.event.executionId)) {
      seen.set(message.event.executionId, Date.now());
      if (message.event.digest.stoppedAt) stoppedAt.set(message.event.executionId, Date.parse(message.event.digest.stoppedAt));
    }
  });
  socket.send(JSON.stringify({ type: 'hello', token }));
  socket.send(JSON.stringify({ type: 'subscribe', topics: [`workflow:${instanceId}:${workflow.id}`] }));
  return { seen, socket };
}
const viaHook = await watch(hooked.accessToken, instanceA.id);
const viaPoller = await watch(polled.accessToken, instanceB.id);
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
while (Date.now() < deadline && Math.min(viaHook.seen.size, viaPoller.seen.size) < COUNT) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 1_500));
polling = false;
await baselineLoop;

const latencies = (seen: Map<string, number>) =>
  [...seen.entries()].filter(([id]) => !seenBefore.has(id) && stoppedAt.has(id)).map(([id, at]) => at - stoppedAt.get(id)!).sort((a, b) => a - b);
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
const hooked95 = latencies(viaHook.seen);
const polled95 = latencies(viaPoller.seen);
const direct = latencies(viaDirectPoll);
console.log(`executions triggered: ${COUNT}; delivered over ws: ${hooked95.length} with the hook, ${polled95.length} by polling; seen by direct polling: ${direct.length}`);
console.table({
  'server → ws, n8n hook': { p50: pct(hooked95, 0.5), p95: pct(hooked95, 0.95), max: hooked95.at(-1) },
  'server → ws, poller at 1 s while watched': { p50: pct(polled95, 0.5), p95: pct(polled95, 0.95), max: polled95.at(-1) },
  'direct polling of n8n every 1 s (baseline)': { p50: pct(direct, 0.5), p95: pct(direct, 0.95), max: direct.at(-1) },
});
console.log(`p95 ratio to the baseline: hook ${(pct(hooked95, 0.95) / pct(direct, 0.95)).toFixed(2)}, polling ${(pct(polled95, 0.95) / pct(direct, 0.95)).toFixed(2)}`);
console.log(`goals: with the hook p95 ≤ 300 ms → ${pct(hooked95, 0.95) <= 300 ? 'met' : 'NOT met'}; polling p95 ≤ 1500 ms → ${pct(polled95, 0.95) <= 1500 ? 'met' : 'NOT met'}`);
viaHook.socket.terminate();
viaPoller.socket.terminate();
server.closeAllConnections();
server.close();
await app.close();
await n8nApi(n8n, `/workflows/${workflow.id}/deactivate`, { method: 'POST' }).catch(() => undefined);
await started.stop();
