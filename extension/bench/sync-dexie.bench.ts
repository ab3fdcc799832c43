// Sync (issue 17) into Dexie in real Chromium (the e2e build), against a real server on Postgres:
// - Dexie apply rate: pulled pages of 100, 500 and 1,000 (the engine's page) records applied by
//   SyncEngine.applyPage, one transaction per page (the outbox, the cursor and the builder's rows,
//   each carrying the server's copy: Dexie v6), against the same rows written with one bulkPut per
//   page in the same run (the floor for what applyPage stores: IndexedDB's cost is per put, nearly
//   whatever the record's size), and against Dexie v5's layout (the bare rows and the copies in
//   syncRecords, two bulkPuts per page);
// - initial sync of 10,000 records to a new device, end to end: "Sync now" in the extension until
//   every record is in Dexie (HTTP pages of 1,000, the next one fetched while one is applied).
//   Goal ≤ 2 s; printed beside the one-put floor and the v5 two-put layout of the same run.
// The server-side figures (round trip, pull throughput against bare pg) are server/bench/sync.bench.ts.
// Needs a Postgres where it may CREATE DATABASE (BENCH_POSTGRES_URL or TEST_POSTGRES_URL), and the
// e2e build (`pn --filter @ai-http/extension build:all`).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUSH_LIMIT, type PullResponse, type PushResponse } from '@ai-http/shared/sync/protocol';
import { newReplica, pushRequestOf, writeLocal } from '@ai-http/shared/sync/replica';
import { createBenchDatabase } from '../../server/bench/bench-database.ts';
import { bootstrap } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { launchWithExtension } from '../tests/e2e/harness.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const RUNS = 3;

const database = await createBenchDatabase('aihttp_bench_sync_dexie');
const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-sync-dexie-bench-'));
const app = await bootstrap(loadConfig({ NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'silent' }), { validateResponses: false });
const server = createServer(app.koa.callback());
app.attach(server);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const ext = await launchWithExtension('chromium');

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

try {
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { data: T }).data;
  };
  const email = `sync-dexie-${Date.now()}@example.com`;
  const session = await call<{ accessToken: string; refreshToken: string; user: { id: string; email: string } }>('POST', '/api/v1/auth/register', null, { email, password: 'bench-password-123', name: 'sync' });

  // Another device makes RECORDS saved requests and pushes them (as in server/bench/sync.bench.ts).
  const a = newReplica('bench-dexie-device-a', 'a');
  for (let i = 0; i < RECORDS; i++) {
    writeLocal(a, { op: 'create', entity: 'savedRequest', id: crypto.randomUUID(), fields: { kind: 'request', name: `Request ${i}`, tags: ['bench'], request: { v: 1, method: 'POST', url: `https://api.example.com/items/${i}`, headers: [{ name: 'accept', value: 'application/json' }] }, values: { id: String(i) } } }, Date.now());
  }
  while (a.outbox.length) {
    const answer = await call<PushResponse>('POST', '/api/v1/sync/push', session.accessToken, pushRequestOf(a, PUSH_LIMIT));
    a.outbox = a.outbox.filter((mutation) => mutation.mid > answer.lastMutationId);
  }

  const page = await ext.openExtensionPage('bench-sync.html', '[data-testid=bench-sync]');
  type Bench = { benchApply(pages: PullResponse[]): Promise<{ applyMs: number[]; bulkPutMs: number[]; bothPutMs: number[]; rows: number }>; benchInitialSync(session: unknown): Promise<{ ms: number; rows: number }> };

  // Dexie apply rate, per page size: the real pulled pages, fetched once here.
  const pagesOf = async (limit: number) => {
    const pages: PullResponse[] = [];
    for (let cursor = 0; ; ) {
      const next = await call<PullResponse>('GET', `/api/v1/sync/pull?clientId=bench-dexie-reader&cursor=${cursor}&limit=${limit}`, session.accessToken);
      pages.push(next);
      cursor = next.nextCursor;
      if (!next.more) return pages;
    }
  };
  const rates: Record<string, Record<string, number | string>> = {};
  for (const size of [100, 500, 1000]) {
    const pages = await pagesOf(size);
    const applied: number[] = [];
    const bulk: number[] = [];
    const both: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await page.evaluate((given) => (window as unknown as Bench).benchApply(given), pages);
      if (result.rows !== RECORDS) throw new Error(`applied ${result.rows} rows, not ${RECORDS}`);
      applied.push(sum(result.applyMs));
      bulk.push(sum(result.bulkPutMs));
      both.push(sum(result.bothPutMs));
    }
    const apply = median(applied);
    const put = median(bulk);
    rates[`pages of ${size}`] = {
      'applyPage total ms': round(apply),
      'records/s': Math.round(RECORDS / (apply / 1000)),
      'per page ms': round(apply / pages.length),
      'rows with copies, bulkPut ms (floor)': round(put),
      'ratio (floor / applyPage)': Math.round((put / apply) * 100) / 100,
      'v5 layout, two bulkPuts ms': round(median(both)),
    };
  }
  console.log(`Dexie apply rate in Chromium, ${RECORDS} saved requests, median of ${RUNS} runs each:`);
  console.table(rates);

  // Initial sync of a new device, end to end into Dexie.
  const initial: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await page.evaluate((given) => (window as unknown as Bench).benchInitialSync(given), { serverUrl: url, email, userId: session.user.id, accessToken: session.accessToken, refreshToken: session.refreshToken });
    if (result.rows !== RECORDS) throw new Error(`the new device has ${result.rows} records, not ${RECORDS}`);
    initial.push(result.ms);
  }
  console.log(`initial sync of ${RECORDS} records to a new device in Chromium, Sync now to every record in Dexie: runs ${initial.map(round).join(' / ')} ms; goal ≤ 2000 ms ${Math.max(...initial) <= 2000 ? 'met' : 'NOT met'}; in pages of 1,000 this run, the one-put floor ${rates['pages of 1000']!['rows with copies, bulkPut ms (floor)']} ms, the v5 two-put layout ${rates['pages of 1000']!['v5 layout, two bulkPuts ms']} ms; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await ext.close();
  server.closeAllConnections();
  server.close();
  await app.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
