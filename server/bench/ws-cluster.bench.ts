// Fan-out across processes: 30,000 WebSocket clients spread over three server processes (the real
// main entry, on Postgres and a Redis of its own), and broadcasts of a ~1.3 KB execution event
// published into the cluster's event log (Redis stream + pub/sub, as the poller and the n8n hook
// publish). Latency is publish → arrival at each client; memory per connection is each server
// process's RSS growth from connecting its clients, divided by their number.
// Baseline, same run, same client count: three bare `ws` processes on the same Redis channel that
// send the same bytes to every client (ws-bare-worker.ts). Ratio = cluster p95 / bare p95.
// Three load generators (ws-load-generator.ts), one per process and 10,000 sockets each: a process
// may hold at most `ulimit -n` (20,000 here, the hard limit too) sockets. Goal: p95 ≤ 200 ms.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { closedPort } from '../../tests/support/n8n.ts';
import { startServerProcess } from '../../tests/support/server-process.ts';
import { createKv } from '../src/infra/kv.ts';
import { ExecutionEventLog } from '../src/modules/stream/event-log.ts';
import { ask, benchEvent } from './ws-bench.ts';

const CLIENTS = Number(process.env.BENCH_CLUSTER_CLIENTS ?? 30_000);
const BROADCASTS = Number(process.env.BENCH_CLUSTER_BROADCASTS ?? 5);
const PROCESSES = 3;
const PER_PROCESS = Math.ceil(CLIENTS / PROCESSES);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const PREFIX = 'aihttp:bench-cluster:';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

interface Report {
  missing: number;
  latencies: number[];
}

/** Connects PER_PROCESS clients to each url (one generator each), broadcasts, and measures. */
async function measure(urls: string[], pids: number[], protocol: 'bare' | 'gateway', broadcast: (n: number) => Promise<string>, auth: { token?: string; topic?: string } = {}) {
  const generators = urls.map(() => fork(new URL('./ws-load-generator.ts', import.meta.url), { stdio: 'inherit' }));
  try {
    const before = pids.map(rssOf);
    const connectStarted = Date.now();
    await Promise.all(generators.map((g, i) => ask(g, { kind: 'connect', url: urls[i], count: PER_PROCESS, protocol, batch: protocol === 'gateway' ? 100 : 200, ...auth }, 'ready')));
    const connectSeconds = (Date.now() - connectStarted) / 1000;
    await sleep(2_000);
    const after = pids.map(rssOf);
    const sentAt: Record<string, number> = {};
    for (let n = 0; n < BROADCASTS; n++) {
      const at = now();
      sentAt[await broadcast(n)] = at;
      await sleep(3_000);
    }
    const reports = await Promise.all(generators.map((g) => ask<Report>(g, { kind: 'report', sentAt, raw: true }, 'report')));
    await Promise.all(generators.map((g) => ask(g, { kind: 'disconnect' }, 'disconnected')));
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    const rssPerConn = after.reduce((sum, rss, i) => sum + (rss - before[i]!), 0) / (PER_PROCESS * urls.length);
    return { p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: latencies.at(-1) ?? Number.NaN, samples: latencies.length, missing: reports.reduce((s, r) => s + r.missing, 0), rssPerConn, connectSeconds };
  } finally {
    for (const g of generators) g.kill();
  }
}

const redisPort = await closedPort();
const redis = spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const database = `aihttp_bench_cluster_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`drop database if exists "${database}" with (force)`);
await admin.query(`create database "${database}"`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${database}`;
await sleep(300);
const kv = createKv({ kind: 'redis', url: redisUrl, keyPrefix: PREFIX });
const eventLog = new ExecutionEventLog(kv);
const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-bench-cluster-'));
const children: ChildProcess[] = [];
const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
try {
  // Baseline: three bare ws processes on the event channel.
  const bare = await Promise.all(
    Array.from({ length: PROCESSES }, async () => {
      const child = fork(new URL('./ws-bare-worker.ts', import.meta.url), { stdio: 'inherit', env: { ...process.env, BENCH_REDIS_URL: redisUrl, BENCH_CHANNEL: `${PREFIX}events:executions` } });
      children.push(child);
      const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', resolve as (m: unknown) => void));
      return { url, pid: child.pid! };
    }),
  );
  await sleep(500);
  results['bare ws ×3'] = await measure(bare.map((b) => b.url), bare.map((b) => b.pid), 'bare', (n) => eventLog.publish(benchEvent(n)));
  for (const child of children.splice(0)) child.kill();

  // The cluster: three server processes, their pollers off (the benchmark publishes).
  const env = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl.toString(), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: PREFIX, AIHTTP_DATA_DIR: dataDir, ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), JWT_SECRET: 'b'.repeat(48), POLLER_ENABLED: 'false', ALLOW_PRIVATE_N8N: 'true', RATE_LIMIT_PER_MINUTE: '10000000', REGISTER_LIMIT_PER_HOUR: '1000' };
  const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const started = await startServerProcess(env);
    children.push(started.child);
    servers.push(started);
  }
  const api = async <T>(path: string, body: unknown, token?: string) => {
    const res = await fetch(`${servers[0]!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { data: T };
  };
  const { data: session } = await api<{ accessToken: string }>('/api/v1/auth/register', { email: `bench-${Date.now()}@example.com`, password: 'bench-password-Long!1', name: 'bench' });
  const { data: instance } = await api<{ id: string }>('/api/v1/instances', { name: 'bench', url: `http://127.0.0.1:${await closedPort()}`, apiKey: 'n8n_api_bench_0123456789' }, session.accessToken);
  results['AI-HTTP ×3'] = await measure(
    servers.map((s) => `${s.url.replace('http', 'ws')}/ws`),
    servers.map((s) => s.child.pid!),
    'gateway',
    (n) => eventLog.publish(benchEvent(n, { instanceId: instance.id })),
    { token: session.accessToken, topic: `instance:${instance.id}` },
  );
} finally {
  for (const child of children) child.kill('SIGKILL');
  await kv.close();
  redis.kill();
  await admin.query(`drop database if exists "${database}" with (force)`).catch(() => undefined);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}

const bare = results['bare ws ×3']!;
const cluster = results['AI-HTTP ×3']!;
console.log(`ws fan-out across ${PROCESSES} processes: ${PER_PROCESS * PROCESSES} clients (${PER_PROCESS} per process), ${BROADCASTS} broadcasts of a ~1.3 KB execution event published into Redis`);
console.table(
  Object.entries(results).map(([name, r]) => ({
    target: name,
    'p50 ms': r.p50.toFixed(1),
    'p95 ms': r.p95.toFixed(1),
    'p99 ms': r.p99.toFixed(1),
    'max ms': r.max.toFixed(1),
    deliveries: r.samples,
    missed: r.missing,
    'RSS KB/conn': (r.rssPerConn / 1024).toFixed(1),
    'connect s': r.connectSeconds.toFixed(1),
  })),
);
console.log(`p95 ratio (AI-HTTP / bare): ${(cluster.p95 / bare.p95).toFixed(2)}`);
console.log(`goal: ${PER_PROCESS * PROCESSES} clients at p95 ≤ 200 ms → ${cluster.p95 <= 200 && cluster.missing === 0 ? 'met' : 'NOT met'} (${cluster.p95.toFixed(1)} ms, ${cluster.missing} missed)`);
