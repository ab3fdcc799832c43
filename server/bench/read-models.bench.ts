// The dashboard's read endpoints (GET /api/v1/workflows, /executions, /stats) at 10k, 100k and
// 1M stored executions on Postgres: p50/p95 over BENCH_ITERATIONS sequential requests each, with a
// plain list through the same stack (GET /api/v1/requests, 20 rows) as the baseline of the same run.
// Goal: p95 ≤ 50 ms at 1M.
//
// Two tenants share the table: "typical" holds 10k executions (20 workflows, 30 days: what the
// default retention keeps of a busy account), "heavy" holds the rest (N − 10k, 500 per workflow),
// so at 1M one account owns 99% of the table: the worst case. The typical tenant's figures show
// what the indexes promise (cost follows the tenant's window, not the table); the heavy one's what
// the rollups of migrations 0010 and 0012 do for an account whose window holds most of the table
// (windowed reads cost its weeks, days and hours plus the raw rows of the partial ones at the edges).
// The generated rows go in by plain inserts, so the rollups' statement triggers keep them as they
// do for the poller's writes; the time to generate includes that.
//
// Rows are generated with `insert … select generate_series` into a scratch database (created on
// the Postgres at BENCH_POSTGRES_URL or TEST_POSTGRES_URL, default postgres://root@127.0.0.1:5432/test,
// and dropped at the end), then `vacuum analyze`, as autovacuum would after a bulk of inserts.
// BENCH_VERBOSE=1 prints every query's EXPLAIN (ANALYZE, BUFFERS); without it, which indexes each
// plan uses and the database time of its statements. BENCH_SIZES=10000,100000 picks the sizes;
// BENCH_KEEP_DATABASE=1 leaves the scratch database in place (its URL is printed) to try plans by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import pg from 'pg';
import { pino } from 'pino';
import { READ_RANGE_MS, type ReadRange } from '@ai-http/shared/api/resources';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ExecutionReadRepository, type WindowScope } from '../src/modules/executions/repository.ts';
import { generatedExecutionsSql } from './generated-executions.ts';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const VERBOSE = Boolean(process.env.BENCH_VERBOSE);
const TYPICAL_ROWS = 10_000;
const GOAL_MS = 50;

const dbName = `aihttp_bench_read_models_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
try {
  await admin.connect();
} catch (error) {
  throw new Error(`Postgres is not reachable at ${ADMIN_URL} (${(error as Error).message}): this benchmark needs one where it may CREATE DATABASE; set BENCH_POSTGRES_URL.`, { cause: error });
}
await admin.query(`drop database if exists "${dbName}" with (force)`);
await admin.query(`create database "${dbName}"`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${dbName}`;

const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-read-models-'));
const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, DATABASE_URL: databaseUrl.toString(), RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'silent' };
const app = await bootstrap(loadConfig(env), { logger: pino({ level: 'silent' }), validateResponses: false });
const server = createServer(app.koa.callback());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const call = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
};

interface Tenant {
  name: string;
  token: string;
  userId: string;
  instances: string[];
  rows: number;
  workflows: number;
}
async function tenant(name: string): Promise<Tenant> {
  const session = await call<{ accessToken: string; user: { id: string } }>('POST', '/api/v1/auth/register', { email: `${name}-${Date.now()}@example.com`, password: 'bench-password-123', name });
  const instances: string[] = [];
  for (const label of ['prod', 'staging']) instances.push((await call<{ id: string }>('POST', '/api/v1/instances', { name: label, url: 'http://127.0.0.1:9', apiKey: `n8n_api_${label}_0123456789` }, session.accessToken)).id);
  return { name, token: session.accessToken, userId: session.user.id, instances, rows: 0, workflows: 0 };
}
const typical = await tenant('typical');
const heavy = await tenant('heavy');
for (let i = 0; i < 20; i++) await call('POST', '/api/v1/requests', { name: `r${i}`, request: { v: 1, method: 'GET', url: `https://api.example.com/items/${i}` } }, typical.token);

const db = new pg.Client({ connectionString: databaseUrl.toString() });
await db.connect();

/** Adds `count` executions to a tenant, over the last 30 days, 500 per workflow (the default retention count), split over its two instances. */
async function addExecutions(owner: Tenant, count: number): Promise<void> {
  if (count <= 0) return;
  const first = owner.rows;
  const workflows = Math.max(1, Math.ceil((owner.rows + count) / 500));
  await db.query(generatedExecutionsSql({ userId: owner.userId, instanceIds: owner.instances, prefix: `${owner.name}-`, first, count, workflows }));
  if (workflows > owner.workflows) {
    await db.query(
      `insert into "workflows" ("user_id", "instance_id", "n8n_workflow_id", "name") select $1, $2, 'wf-' || g, 'Workflow ' || g from generate_series($3::int, $4::int - 1) g on conflict do nothing`,
      [owner.userId, owner.instances[0], owner.workflows, workflows],
    );
    owner.workflows = workflows;
  }
  owner.rows += count;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
async function measure(path: string, token: string): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await call('GET', path, undefined, token);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await call('GET', path, undefined, token);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: Math.round(percentile(times, 0.5) * 10) / 10, p95: Math.round(percentile(times, 0.95) * 10) / 10 };
}

const ENDPOINTS = [
  '/api/v1/workflows?range=24h',
  '/api/v1/workflows?range=7d',
  '/api/v1/workflows?range=30d',
  '/api/v1/executions?limit=20',
  '/api/v1/executions?limit=20&status=error',
  '/api/v1/executions?limit=20&category=timeout',
  '/api/v1/executions?limit=20&workflowId=wf-3',
  '/api/v1/stats?range=24h',
  '/api/v1/stats?range=7d',
  '/api/v1/stats?range=30d',
];

/** The plans of the queries behind each endpoint: the repository's own SQL, run under EXPLAIN. */
async function explainAll(owner: Tenant): Promise<void> {
  const plans: { query: string; lines: string[] }[] = [];
  const em = app.services.database.fork();
  // The repository's own SQL under EXPLAIN; its lookup of the user's instances runs as is.
  const explaining = {
    createQueryBuilder: em.createQueryBuilder.bind(em),
    // Each statement of a read under EXPLAIN, then for real: a read of several statements needs
    // the rows of the first (workflow health reads the shown workflows' details after their counts).
    execute: async (sql: string, params: unknown[]) => {
      const rows = (await em.execute(`explain (analyze, buffers) ${sql}`, params)) as { 'QUERY PLAN': string }[];
      plans.at(-1)!.lines.push(...rows.map((row) => row['QUERY PLAN']));
      return em.execute(sql, params);
    },
  } as unknown as EntityManager;
  const reads = new ExecutionReadRepository(explaining);
  const windowOf = (range: ReadRange): WindowScope => ({ userId: owner.userId, from: new Date(Date.now() - READ_RANGE_MS[range]), to: new Date() });
  const run = async (query: string, read: () => Promise<unknown>) => {
    plans.push({ query, lines: [] });
    await read();
  };
  for (const range of ['24h', '7d', '30d'] as const) await run(`workflows ${range}`, () => reads.workflowHealth(windowOf(range), 100));
  await run('executions, first page', () => reads.list({ userId: owner.userId, limit: 21, after: null }));
  await run('executions, status=error', () => reads.list({ userId: owner.userId, status: 'error', limit: 21, after: null }));
  await run('executions, category=timeout', () => reads.list({ userId: owner.userId, category: 'timeout', limit: 21, after: null }));
  await run('executions, workflowId=wf-3', () => reads.list({ userId: owner.userId, workflowId: 'wf-3', limit: 21, after: null }));
  await run('stats 30d: days and the window', () => reads.buckets(windowOf('30d'), 'day'));
  const from = Date.now() - READ_RANGE_MS['30d'];
  await run('stats 30d: the previous window', () => reads.period({ userId: owner.userId, from: new Date(from - READ_RANGE_MS['30d']), to: new Date(from) }));
  for (const { query, lines } of plans) {
    if (VERBOSE) {
      console.log(`\n-- ${owner.name}: ${query}\n${lines.join('\n')}`);
      continue;
    }
    const scans = [...new Set(lines.flatMap((line) => [...line.matchAll(/(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)? (?:using (\w+) )?on (\w+)/g)].map((m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''} on ${m[3]}`)))];
    const heapFetches = lines.flatMap((line) => [...line.matchAll(/Heap Fetches: (\d+)/g)].map((m) => Number(m[1]))).reduce((a, b) => a + b, 0);
    const times = lines.filter((line) => line.startsWith('Execution Time')).map((line) => Number(/([\d.]+) ms/.exec(line)![1]));
    const total = Math.round(times.reduce((a, b) => a + b, 0) * 1000) / 1000;
    console.log(`  ${owner.name} · ${query}: ${scans.join('; ')} (heap fetches ${heapFetches}; database ${total} ms over ${times.length} statement${times.length === 1 ? '' : 's'})`);
  }
}

const results: Record<string, Record<string, number | string>> = {};
try {
  for (const size of SIZES) {
    const started = performance.now();
    await addExecutions(typical, Math.min(size, TYPICAL_ROWS) - typical.rows);
    await addExecutions(heavy, size - TYPICAL_ROWS - heavy.rows);
    await db.query('vacuum analyze "executions"');
    await db.query('vacuum analyze "workflows"');
    await db.query('vacuum analyze "execution_rollups"');
    const generated = Math.round(performance.now() - started);
    const [shape] = (
      await db.query<{ total: number; day: number; week: number; failed: number; durations: number }>(
        `select count(*)::int as "total", avg(("started_at" > now() - interval '1 day')::int)::float8 as "day", avg(("started_at" > now() - interval '7 days')::int)::float8 as "week",
                avg(("status" in ('error', 'crashed'))::int)::float8 as "failed", count(distinct "duration_ms")::int as "durations" from "executions"`,
      )
    ).rows;
    const share = (value: number) => `${Math.round(value * 1000) / 10} %`;
    console.log(`\n${shape!.total} stored executions (typical ${typical.rows}, heavy ${heavy.rows}; generated and vacuumed in ${generated} ms), ${ITERATIONS} requests each`);
    console.log(`  started in the last day ${share(shape!.day)}, week ${share(shape!.week)}; failed ${share(shape!.failed)}; ${shape!.durations} distinct durations`);
    const rollups = (await db.query<{ span: string; rows: number }>(`select "span", count(*)::int as "rows" from "execution_rollups" group by 1 order by 1`)).rows;
    console.log(`  rollup rows: ${rollups.map((row) => `${row.rows} per ${row.span}`).join(', ')}`);
    const baseline = await measure('/api/v1/requests?limit=20', typical.token);
    const table: Record<string, Record<string, number | string>> = { 'GET /api/v1/requests?limit=20 (baseline)': { 'typical p50': baseline.p50, 'typical p95': baseline.p95 } };
    for (const path of ENDPOINTS) {
      const row: Record<string, number | string> = {};
      for (const owner of [typical, heavy]) {
        if (!owner.rows) continue;
        const figures = await measure(path, owner.token);
        row[`${owner.name} p50`] = figures.p50;
        row[`${owner.name} p95`] = figures.p95;
        row[`${owner.name} ×base`] = Math.round((figures.p95 / baseline.p95) * 10) / 10;
        results[`${size} ${owner.name} ${path}`] = { p95: figures.p95 };
      }
      table[`GET ${path.slice(7)}`] = row;
    }
    console.table(table);
    for (const owner of [typical, heavy]) if (owner.rows) await explainAll(owner);
  }
  const largest = Math.max(...SIZES);
  for (const owner of [typical, heavy]) {
    const worst = Object.entries(results).filter(([key]) => key.startsWith(`${largest} ${owner.name} `));
    if (!worst.length) continue;
    const over = worst.filter(([, figures]) => Number(figures.p95) > GOAL_MS).map(([key]) => key.split(' ').slice(2).join(' '));
    console.log(`goal p95 ≤ ${GOAL_MS} ms at ${largest}, ${owner.name} tenant: ${over.length ? `NOT met by ${over.join(', ')}` : 'met by every endpoint'}`);
  }
} finally {
  await db.end();
  server.closeAllConnections();
  server.close();
  await app.close();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`kept the scratch database: ${databaseUrl.toString()}`);
  else await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
