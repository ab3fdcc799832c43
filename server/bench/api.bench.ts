// Throughput of authenticated list endpoints against a bare Koa hello-world, in the same run,
// with autocannon: GET /api/v1/templates (JWT check, the cached catalog page, envelope) and
// GET /api/v1/requests (JWT check, a tenant-scoped query every time).
// The goal is a ratio of at least 0.5. Runs on the embedded store (no Postgres needed), and on
// Postgres + Redis when BENCH_DATABASE_URL and BENCH_REDIS_URL are set (a scratch database: the
// benchmark migrates it and adds rows).
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Koa from 'koa';
import { pino } from 'pino';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
// Rounds alternate the baseline and the endpoints, so drift on the machine hits both alike; each
// round's ratio uses its own baseline, and the median round is reported.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function load(url: string, headers: Record<string, string> = {}) {
  // The load generator runs in a worker thread, so the server has the main thread to itself.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers, workers: 1 });
  return { rps: Math.round(result.requests.average), 'KB/response': Math.round(result.throughput.average / result.requests.average / 102.4) / 10, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

const hello = new Koa();
hello.use((ctx) => {
  ctx.body = { hello: 'world' };
});
const bare = await listen(hello.callback());

const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: mkdtempSync(join(tmpdir(), 'ai-http-bench-')), RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'silent' };
if (process.env.BENCH_DATABASE_URL && process.env.BENCH_REDIS_URL) Object.assign(env, { DATABASE_URL: process.env.BENCH_DATABASE_URL, REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `aihttp:bench:${Date.now()}:` });
// Answers are checked against their schemas only in tests: measure what production runs.
const app = await bootstrap(loadConfig(env), { logger: pino({ level: 'silent' }), validateResponses: false });
const api = await listen(app.koa.callback());
const register = await fetch(`${api.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench-password-123', name: 'Bench' }) });
const { data } = (await register.json()) as { data: { accessToken: string } };
for (let i = 0; i < 20; i++) {
  await fetch(`${api.url}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${data.accessToken}` }, body: JSON.stringify({ name: `r${i}`, request: { v: 1, method: 'GET', url: `https://api.example.com/items/${i}` } }) });
}

const auth = { authorization: `Bearer ${data.accessToken}` };
const targets = {
  'GET /api/v1/templates (JWT, cached page of 20)': `${api.url}/api/v1/templates?limit=20`,
  'GET /api/v1/templates?limit=1 (JWT, cached page of 1)': `${api.url}/api/v1/templates?limit=1`,
  'GET /api/v1/requests (JWT, query of 20 rows)': `${api.url}/api/v1/requests?limit=20`,
};
type Figures = Awaited<ReturnType<typeof load>>;
const rounds: { baseline: Figures; results: Record<string, Figures> }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const baseline = await load(bare.url);
  const results: Record<string, Figures> = {};
  for (const [name, url] of Object.entries(targets)) results[name] = await load(url, auth);
  rounds.push({ baseline, results });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const table: Record<string, Figures & { ratio: number | string }> = {};
const medianRound = (pick: (r: (typeof rounds)[number]) => Figures) => rounds.map(pick).sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
table['bare Koa hello-world (baseline)'] = { ...medianRound((r) => r.baseline), ratio: '' };
const ratios: string[] = [];
for (const name of Object.keys(targets)) {
  const ratio = median(rounds.map((r) => r.results[name]!.rps / r.baseline.rps));
  table[name] = { ...medianRound((r) => r.results[name]!), ratio: Number(ratio.toFixed(2)) };
  ratios.push(`${name.split(' (')[0]}: ${rounds.map((r) => (r.results[name]!.rps / r.baseline.rps).toFixed(2)).join(', ')}`);
}
console.log(`store: ${env.DATABASE_URL ? 'Postgres + Redis' : 'embedded PGlite + in-process'}; ${CONNECTIONS} connections, ${DURATION} s per load, ${ROUNDS} rounds (median shown)`);
console.table(table);
console.log(`ratio to the same round's baseline, per round (goal ≥ 0.5):\n  ${ratios.join('\n  ')}`);
api.server.close();
bare.server.close();
await app.close();
