// Sync (issue 17) on Postgres, through the real app over loopback HTTP:
// - initial sync of 10,000 records to a new device: every pull page over HTTP, applied to the
//   shared replica (what the extension keeps), not written to Dexie (goal ≤ 2 s end to end);
// - push/pull round trip: one mutation pushed, then pulled by a second device, p50/p95;
// - pull throughput: the same query (a user's records after a cursor, 1,000 a page) through the
//   sync repository (MikroORM's connection, row mapping included) against bare `pg` in the same
//   run (goal ratio ≥ 0.8), and over HTTP for comparison.
// Needs a Postgres where it may CREATE DATABASE (BENCH_POSTGRES_URL or TEST_POSTGRES_URL).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { PUSH_LIMIT, type PullResponse, type PushResponse } from '@ai-http/shared/sync/protocol';
import { applyPull, newReplica, pushRequestOf, visibleRecords, writeLocal, type ReplicaState } from '@ai-http/shared/sync/replica';
import { bootstrap } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { SyncRepository } from '../src/modules/sync/repository.ts';
import { createBenchDatabase } from './bench-database.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const ROUND_TRIPS = Number(process.env.BENCH_ITERATIONS ?? 200);
const PAGE = 1_000;

const database = await createBenchDatabase('aihttp_bench_sync');
const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-sync-bench-'));
const app = await bootstrap(loadConfig({ NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }), validateResponses: false });
const server = createServer(app.koa.callback());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const bare = new pg.Client({ connectionString: database.url });
await bare.connect();

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;
const spread = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)) };
};

try {
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  const session = await call<{ accessToken: string; user: { id: string } }>('POST', '/api/v1/auth/register', null, { email: `sync-${Date.now()}@example.com`, password: 'bench-password-123', name: 'sync' });
  const token = session.accessToken;
  const push = (state: ReplicaState) => call<PushResponse>('POST', '/api/v1/sync/push', token, pushRequestOf(state, PUSH_LIMIT));
  const pullAll = async (state: ReplicaState, limit = PAGE) => {
    for (;;) {
      const page = await call<PullResponse>('GET', `/api/v1/sync/pull?clientId=${state.clientId}&cursor=${state.cursor}&limit=${limit}`, token);
      applyPull(state, page);
      if (!page.more) return;
    }
  };

  // Device A creates RECORDS saved requests and pushes them, PUSH_LIMIT a request.
  const a = newReplica('bench-device-a', 'a');
  for (let i = 0; i < RECORDS; i++) {
    writeLocal(a, { op: 'create', entity: 'savedRequest', id: `r${i}`, fields: { kind: 'request', name: `Request ${i}`, tags: ['bench'], request: { v: 1, method: 'POST', url: `https://api.example.com/items/${i}`, headers: [{ name: 'accept', value: 'application/json' }] }, values: { id: String(i) } } }, Date.now());
  }
  let started = performance.now();
  while (a.outbox.length) {
    const answer = await push(a);
    a.outbox = a.outbox.filter((mutation) => mutation.mid > answer.lastMutationId);
  }
  const pushMs = performance.now() - started;
  console.log(`push ${RECORDS} creates in ${RECORDS / PUSH_LIMIT} requests: ${round(pushMs)} ms (${Math.round(RECORDS / (pushMs / 1000))} mutations/s)`);

  // Initial sync of a new device, three runs.
  const initial: number[] = [];
  for (let run = 0; run < 3; run++) {
    const fresh = newReplica(`bench-device-new-${run}`, `n${run}`);
    started = performance.now();
    await pullAll(fresh);
    initial.push(performance.now() - started);
    if (visibleRecords(fresh).size !== RECORDS) throw new Error(`the new device has ${visibleRecords(fresh).size} records, not ${RECORDS}`);
  }
  console.log(`initial sync of ${RECORDS} records to a new device (HTTP pages of ${PAGE}, applied to the replica): runs ${initial.map(round).join(' / ')} ms; goal ≤ 2000 ms ${Math.max(...initial) <= 2000 ? 'met' : 'NOT met'}`);

  // Round trip: A edits one record and pushes; B (caught up) pulls it.
  const b = newReplica('bench-device-b', 'b');
  await pullAll(b);
  const pushTimes: number[] = [];
  const pullTimes: number[] = [];
  const trips: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + 5; i++) {
    writeLocal(a, { op: 'update', entity: 'savedRequest', id: `r${i % RECORDS}`, fields: { name: `Edited ${i}` } }, Date.now());
    const t0 = performance.now();
    await push(a);
    const t1 = performance.now();
    await pullAll(b);
    const t2 = performance.now();
    await pullAll(a);
    if (i < 5) continue; // warm-up
    pushTimes.push(t1 - t0);
    pullTimes.push(t2 - t1);
    trips.push(t2 - t0);
    if (visibleRecords(b).get(`savedRequest/r${i % RECORDS}`)?.name !== `Edited ${i}`) throw new Error('the edit did not reach device B');
  }
  console.table({ push: spread(pushTimes), 'pull (1 change)': spread(pullTimes), 'push then pull': spread(trips) });

  // Pull throughput: every page of the user's records, the same SQL through bare pg and through the repository.
  const em = app.services.database.fork();
  const repository = new SyncRepository(em, session.user.id, app.services.secretBox);
  const sql = 'select "entity", "record_id", "v", "fields", "clocks", "created_stamp", "deleted_stamp", "change_seq" from "sync_records" where "user_id" = $1 and "change_seq" > $2 order by "change_seq" limit $3';
  const viaPg = async () => {
    let cursor = 0;
    let rows = 0;
    for (;;) {
      const page = (await bare.query(sql, [session.user.id, cursor, PAGE])).rows as { change_seq: string }[];
      rows += page.length;
      if (page.length < PAGE) return rows;
      cursor = Number(page.at(-1)!.change_seq);
    }
  };
  const viaRepository = async () => {
    let cursor = 0;
    let rows = 0;
    for (;;) {
      const page = await repository.changes(cursor, PAGE);
      rows += page.length;
      if (page.length < PAGE) return rows;
      cursor = page.at(-1)!.seq;
    }
  };
  const viaHttp = async () => {
    const state = newReplica('bench-device-throughput', 't');
    await pullAll(state);
    return Object.keys(state.base).length;
  };
  const timed = async (run: () => Promise<number>) => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const rows = await run();
      if (rows !== RECORDS) throw new Error(`read ${rows} rows, not ${RECORDS}`);
      times.push(performance.now() - start);
    }
    return spread(times.slice(2)).p50;
  };
  // Interleaved, so both meet the same machine load.
  const pgMs = await timed(viaPg);
  const repoMs = await timed(viaRepository);
  const pgMs2 = await timed(viaPg);
  const repoMs2 = await timed(viaRepository);
  const httpMs = await timed(viaHttp);
  const basePg = Math.min(pgMs, pgMs2);
  const store = Math.min(repoMs, repoMs2);
  const ratio = (ms: number) => Math.round((basePg / ms) * 100) / 100;
  console.table({
    'bare pg (baseline)': { 'p50 ms': basePg, 'records/s': Math.round(RECORDS / (basePg / 1000)), ratio: 1 },
    'sync repository': { 'p50 ms': store, 'records/s': Math.round(RECORDS / (store / 1000)), ratio: ratio(store) },
    'GET /api/v1/sync/pull': { 'p50 ms': httpMs, 'records/s': Math.round(RECORDS / (httpMs / 1000)), ratio: ratio(httpMs) },
  });
  console.log(`pull throughput, repository against bare pg: ratio ${ratio(store)} (goal ≥ 0.8 ${ratio(store) >= 0.8 ? 'met' : 'NOT met'})`);
} finally {
  await bare.end();
  server.closeAllConnections();
  server.close();
  await app.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
