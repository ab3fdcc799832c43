import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroORM, type AbstractSqlDriver, type EntityManager, type Options } from '@mikro-orm/sql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ERROR_CATEGORIES, type ErrorCategory, type ExecutionStatus } from '@ai-http/shared/n8n/digest-schema';
import { ExecutionReadRepository, ExecutionRepository, signedCover, type WindowScope } from '../src/modules/executions/repository.ts';
import { binOf, DURATION_BINS, failureColumn } from '../src/db/rollup-layout.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { Migration0010ExecutionRollups } from '../src/db/migrations/0010-execution-rollups.ts';
import { Migration0012WorkflowWeekRollups } from '../src/db/migrations/0012-workflow-week-rollups.ts';
import { digest, random } from './execution-digests.ts';
import { apiClient, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

// The execution rollups of migration 0010 against the executions they summarise: after every
// kind of write (the poller's upsert, a rewrite of a running execution, retention's deletes), the
// rollup rows equal a recount from the rows, computed here in TypeScript; and windowed reads whose
// edges cut through hours and days (rollups inside, raw rows at the edges) equal a direct SQL
// count, with executions placed on each boundary, one millisecond either side.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FAILED = new Set(['error', 'crashed']);

type Session = Awaited<ReturnType<typeof signUp>>;
type Query = <T>(query: string, params?: unknown[]) => Promise<T[]>;
/** A bucket's start: UTC hours and days from the epoch, ISO weeks from a Monday (1970-01-05). */
const bucketOf = (span: 'hour' | 'day' | 'week', ms: number) => (span === 'week' ? Math.floor((ms - 4 * DAY) / (7 * DAY)) * 7 * DAY + 4 * DAY : Math.floor(ms / (span === 'hour' ? HOUR : DAY)) * (span === 'hour' ? HOUR : DAY));
interface RawRow {
  instance_id: string;
  n8n_workflow_id: string;
  started_ms: number;
  status: string;
  error_category: string | null;
  duration_ms: number | null;
}

/** The rollups a user's executions should have, counted here from the rows. */
async function recount(sql: Query, userId: string, withWeeks = true): Promise<Map<string, { runs: number; failures: number; categories: Record<string, number>; durations: number[] }>> {
  const rows = await sql<RawRow>(
    `select "instance_id", "n8n_workflow_id", (extract(epoch from "started_at") * 1000)::float8 as "started_ms", "status", "error_category", "duration_ms" from "executions" where "user_id" = ? and "started_at" is not null`,
    [userId],
  );
  const expected = new Map<string, { runs: number; failures: number; categories: Record<string, number>; durations: number[] }>();
  for (const row of rows) {
    const groupings = [['hour', ''], ['day', ''], ['day', row.n8n_workflow_id], ...(withWeeks ? [['week', row.n8n_workflow_id] as const] : [])] as const;
    for (const [span, workflow] of groupings) {
      const key = `${row.instance_id}|${workflow}|${span}|${bucketOf(span, row.started_ms)}`;
      const entry = expected.get(key) ?? { runs: 0, failures: 0, categories: {}, durations: new Array<number>(DURATION_BINS).fill(0) };
      entry.runs++;
      if (FAILED.has(row.status)) {
        entry.failures++;
        const category = row.error_category ?? 'unknown';
        entry.categories[category] = (entry.categories[category] ?? 0) + 1;
      }
      if (row.duration_ms !== null) entry.durations[binOf(row.duration_ms) - 1]!++;
      expected.set(key, entry);
    }
  }
  return expected;
}

async function stored(sql: Query, userId: string) {
  const rows = await sql<Record<string, unknown> & { instance_id: string; n8n_workflow_id: string; span: string; bucket_ms: number; runs: number; failures: number; durations: number[] | string }>(
    `select *, (extract(epoch from "bucket_start") * 1000)::float8 as "bucket_ms" from "execution_rollups" where "user_id" = ?`,
    [userId],
  );
  return new Map(
    rows.map((row) => [
      `${row.instance_id}|${row.n8n_workflow_id}|${row.span}|${row.bucket_ms}`,
      {
        runs: row.runs,
        failures: row.failures,
        categories: Object.fromEntries(ERROR_CATEGORIES.filter((category) => Number(row[failureColumn(category)]) > 0).map((category) => [category, Number(row[failureColumn(category)])])),
        durations: (typeof row.durations === 'string' ? row.durations.replace(/[{}]/g, '').split(',') : row.durations).map(Number),
      },
    ]),
  );
}

/** Executions started at `starts`, with random statuses, categories, durations and instances (70 % the first), over `workflows` workflows. */
async function saveRandom(repository: ExecutionRepository, userId: string, [a, b]: [string, string], starts: number[], next: () => number, prefix: string, workflows: number): Promise<void> {
  let counter = 0;
  for (const startedAt of starts) {
    const r = next();
    const status: ExecutionStatus = r < 0.6 ? 'success' : r < 0.85 ? 'error' : r < 0.92 ? 'crashed' : 'canceled';
    const category = (['auth', 'timeout', 'server_error', null] as const)[Math.floor(next() * 4)]!;
    await repository.saveDigest({ id: next() < 0.7 ? a : b, userId }, digest(`${prefix}${++counter}`, `wf-${counter % workflows}`, status, startedAt, Math.floor(20 + next() * next() * 20_000), category));
  }
}

describe('execution rollups', () => {
  let server: TestServer;
  let api: ApiClient;
  let em: () => EntityManager;
  const sql = async <T>(query: string, params: unknown[] = []) => (await em().getConnection().execute(query, params)) as T[];
  const instance = async (user: Session, name: string) =>
    (await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name, url: 'http://127.0.0.1:9', apiKey: `n8n_api_${name}_0123456789` } })).body.data.id;

  beforeAll(async () => {
    server = await startTestServer();
    api = apiClient(server.url);
    em = () => server.app.services.database.fork();
  }, 60_000);
  afterAll(() => server?.close());

  it('equal a recount of the executions after inserts, rewrites of running executions, retention and a removed instance', async () => {
    const user = await signUp(api, 'rollup-writes');
    const [a, b, gone] = [await instance(user, 'a'), await instance(user, 'b'), await instance(user, 'gone')];
    const repository = new ExecutionRepository(em());
    const next = random(10);
    const now = Date.now();
    const statuses: ExecutionStatus[] = ['success', 'success', 'error', 'crashed', 'canceled', 'running'];
    const categories: (ErrorCategory | null)[] = ['auth', 'timeout', 'rate_limit', null];
    let counter = 0;
    const running: { instanceId: string; id: string; workflow: string; startedAt: number }[] = [];
    for (const instanceId of [a, a, b, gone]) {
      for (let i = 0; i < 60; i++) {
        const status = statuses[Math.floor(next() * statuses.length)]!;
        const startedAt = now - Math.floor(next() * 10 * DAY);
        const workflow = `wf-${Math.floor(next() * 3)}`;
        const id = `x${++counter}`;
        await repository.saveDigest({ id: instanceId, userId: user.id }, digest(id, workflow, status, startedAt, status === 'running' ? null : Math.floor(next() * 90_000), categories[Math.floor(next() * 4)]!));
        if (status === 'running') running.push({ instanceId, id, workflow, startedAt });
      }
    }
    // One with no start time counts nowhere.
    await repository.saveDigest({ id: a, userId: user.id }, digest('no-start', 'wf-0', 'error', null, null, 'auth'));
    expect(running.length).toBeGreaterThan(5);
    expect(await stored(sql, user.id)).toEqual(await recount(sql, user.id));

    // Running executions finish: the same rows are upserted again with a status, category and duration.
    for (const [i, execution] of running.entries()) {
      await repository.saveDigest({ id: execution.instanceId, userId: user.id }, digest(execution.id, execution.workflow, i % 2 ? 'error' : 'success', execution.startedAt, 1_000 + i * 37, i % 3 ? 'connection' : null));
    }
    const rewritten = await sql<{ n: number }>(`select count(*)::int as "n" from "executions" where "user_id" = ? and "status" = 'running'`, [user.id]);
    expect(rewritten[0]!.n).toBe(0);
    expect(await stored(sql, user.id)).toEqual(await recount(sql, user.id));

    // Retention deletes: old days empty out, and their rollup rows go with them.
    await repository.applyRetention(a, { days: 4, count: 20 });
    const left = await sql<{ n: number }>(`select count(*)::int as "n" from "executions" where "instance_id" = ? and "started_at" < now() - interval '4 days'`, [a]);
    expect(left[0]!.n).toBe(0);
    const after = await stored(sql, user.id);
    expect(after).toEqual(await recount(sql, user.id));
    expect([...after.values()].every((row) => row.runs > 0)).toBe(true);

    // An instance's rows deleted by cascade leave no rollups behind.
    await sql(`delete from "instances" where "id" = ?`, [gone]);
    const final = await stored(sql, user.id);
    expect(final).toEqual(await recount(sql, user.id));
    expect([...final.keys()].some((key) => key.startsWith(gone))).toBe(false);
    expect(final.size).toBeGreaterThan(10);
  });

  it('windowed reads whose edges cut through hours and days equal a direct SQL count; percentiles in the exact one’s bin', async () => {
    const user = await signUp(api, 'rollup-edges');
    const [a, b] = [await instance(user, 'a'), await instance(user, 'b')];
    const repository = new ExecutionRepository(em());
    const reads = new ExecutionReadRepository(em());
    const today = Math.floor(Date.now() / DAY) * DAY;
    // A window from 10:30:00.000 five days ago to 14:15:00.000 two days ago: whole hours and days
    // inside, partial ones at both ends.
    const from = today - 5 * DAY + 10.5 * HOUR;
    const to = today - 2 * DAY + 14.25 * HOUR;
    const boundaries = [from, Math.ceil(from / HOUR) * HOUR, Math.ceil(from / DAY) * DAY, Math.floor(to / DAY) * DAY, Math.floor(to / HOUR) * HOUR, to];
    const starts = [...boundaries.flatMap((at) => [at - 1, at, at + 1])];
    const next = random(77);
    for (let i = 0; i < 150; i++) starts.push(from - DAY + Math.floor(next() * (to - from + 2 * DAY)));
    await saveRandom(repository, user.id, [a, b], starts, next, 'e', 4);

    const scope: WindowScope = { userId: user.id, from: new Date(from), to: new Date(to) };
    const rows = (extra = '') => `from "executions" where "user_id" = '${user.id}' and "started_at" >= '${new Date(from).toISOString()}' and "started_at" < '${new Date(to).toISOString()}' ${extra}`;
    const failed = `"status" in ('error', 'crashed')`;
    const bin = (value: number | null) => (value === null ? null : binOf(value));
    for (const [label, extra, filter] of [
      ['every workflow', '', {}],
      ['one instance', `and "instance_id" = '${b}'`, { instanceId: b }],
      ['one workflow', `and "n8n_workflow_id" = 'wf-2'`, { workflowId: 'wf-2' }],
    ] as const) {
      for (const unit of ['hour', 'day'] as const) {
        const answer = await reads.buckets({ ...scope, ...filter }, unit);
        const expected = await sql<{ bucket: number | null; runs: number; failures: number; p50: number | null; p95: number | null; auth: number; timeout: number; unknown: number }>(
          `select (extract(epoch from date_trunc('${unit}', "started_at", 'UTC')) * 1000)::float8 as "bucket", count(*)::int as "runs", (count(*) filter (where ${failed}))::int as "failures",
                  (count(*) filter (where ${failed} and "error_category" = 'auth'))::int as "auth", (count(*) filter (where ${failed} and "error_category" = 'timeout'))::int as "timeout",
                  (count(*) filter (where ${failed} and "error_category" is null))::int as "unknown",
                  percentile_disc(0.5) within group (order by "duration_ms") as "p50", percentile_disc(0.95) within group (order by "duration_ms") as "p95"
           ${rows(extra)} group by grouping sets ((1), ()) order by 1 nulls first`,
        );
        expect(answer.map((row) => ({ bucket: row.bucket, runs: row.runs, failures: row.failures, auth: row.auth, timeout: row.timeout, unknown: row.unknown })), `${label} per ${unit}`).toEqual(
          expected.map((row) => ({ bucket: row.bucket, runs: row.runs, failures: row.failures, auth: row.auth, timeout: row.timeout, unknown: row.unknown })),
        );
        expect(answer.map((row) => [bin(row.p50), bin(row.p95)]), `${label} per ${unit}`).toEqual(expected.map((row) => [bin(row.p50), bin(row.p95)]));
      }
      const period = await reads.period({ ...scope, ...filter });
      const [whole] = await sql<{ runs: number; failures: number; p95: number }>(`select count(*)::int as "runs", (count(*) filter (where ${failed}))::int as "failures", percentile_disc(0.95) within group (order by "duration_ms") as "p95" ${rows(extra)}`);
      expect({ runs: period.runs, failures: period.failures, p95: bin(period.p95) }).toEqual({ runs: whole!.runs, failures: whole!.failures, p95: bin(whole!.p95) });
      expect(whole!.runs).toBeGreaterThan(10);
    }

    const health = await reads.workflowHealth(scope, 100);
    const expected = await sql<{ instance_id: string; n8n_workflow_id: string; runs: number; failures: number; last: number; p95: number }>(
      `select "instance_id", "n8n_workflow_id", count(*)::int as "runs", (count(*) filter (where ${failed}))::int as "failures",
              (extract(epoch from max("started_at")) * 1000)::float8 as "last", percentile_disc(0.95) within group (order by "duration_ms") as "p95"
       ${rows()} group by 1, 2 order by "failures" desc, "runs" desc, 1, 2`,
    );
    expect(health.map((row) => [row.instance_id, row.n8n_workflow_id, row.runs, row.failures, row.last_run_at, bin(row.p95)])).toEqual(
      expected.map((row) => [row.instance_id, row.n8n_workflow_id, row.runs, row.failures, row.last, bin(row.p95)]),
    );
    expect(expected.length).toBe(8);
    // The executions on the window's own edges: `from` is in, `to` is out.
    const [edges] = await sql<{ first: number; last: number }>(`select (extract(epoch from min("started_at")) * 1000)::float8 as "first", (extract(epoch from max("started_at")) * 1000)::float8 as "last" ${rows()}`);
    expect([edges!.first, edges!.last]).toEqual([from, to - 1]);
  });

  it('workflow health over windows that cut weeks and days, ending now or in the past, equals a direct SQL count, buckets taken away included', async () => {
    const user = await signUp(api, 'rollup-weeks');
    const [a, b] = [await instance(user, 'a'), await instance(user, 'b')];
    const repository = new ExecutionRepository(em());
    const reads = new ExecutionReadRepository(em());
    const now = Date.now();
    const week = bucketOf('week', now);
    const windows = [
      // From a Saturday 20:00 (late in its week and its day: the week minus days, the day minus rows) to now.
      { from: week - 3 * 7 * DAY + 5 * DAY + 20 * HOUR, to: now },
      // From a Tuesday 03:00 (early: its days and rows) to a Sunday 13:00, both in the past.
      { from: week - 3 * 7 * DAY + DAY + 3 * HOUR, to: week - DAY + 13 * HOUR },
      // The dashboard's 24 hours and 7 days.
      { from: now - DAY, to: now },
      { from: now - 7 * DAY, to: now },
    ];
    const next = random(4242);
    const starts: number[] = [];
    for (const { from, to } of windows) {
      const edges = [from, to, ...[DAY, 7 * DAY].flatMap((step) => [bucketOf(step === DAY ? 'day' : 'week', from), bucketOf(step === DAY ? 'day' : 'week', from) + step, bucketOf(step === DAY ? 'day' : 'week', to), bucketOf(step === DAY ? 'day' : 'week', to) + step])];
      starts.push(...edges.flatMap((at) => [at - 1, at, at + 1]));
    }
    for (let i = 0; i < 300; i++) starts.push(week - 4 * 7 * DAY + Math.floor(next() * (5 * 7 * DAY)));
    await saveRandom(repository, user.id, [a, b], starts, next, 'w', 5);
    // A workflow whose executions share the window's edge buckets but fall just outside it: its
    // buckets added and the rows taken away leave no runs, so it is not listed.
    const [first] = windows;
    for (const [i, startedAt] of [first!.from - 1, first!.from - 2 * HOUR, now + 1, now + 3 * HOUR].entries()) await repository.saveDigest({ id: a, userId: user.id }, digest(`outside${i}`, 'wf-outside', 'error', startedAt, 500, 'auth'));
    expect(signedCover(first!.from, first!.to, ['week', 'day'], { oldest: week - 4 * 7 * DAY, now }).segments.some((segment) => segment.sign === -1)).toBe(true);

    const failed = `"status" in ('error', 'crashed')`;
    const bin = (value: number | null) => (value === null ? null : binOf(value));
    // And one that starts before the oldest stored execution, late on a Wednesday: the cover takes
    // its week and removes the (empty) days and hours before the edge, which cost it nothing.
    const early = { from: week - 6 * 7 * DAY + 2 * DAY + 17 * HOUR, to: now };
    for (const { from, to } of [...windows, early]) {
      const health = await reads.workflowHealth({ userId: user.id, from: new Date(from), to: new Date(to) }, 100);
      const expected = await sql<{ instance_id: string; n8n_workflow_id: string; runs: number; failures: number; last: number; p95: number; top: string | null }>(
        `select "instance_id", "n8n_workflow_id", count(*)::int as "runs", (count(*) filter (where ${failed}))::int as "failures",
                (extract(epoch from max("started_at")) * 1000)::float8 as "last", percentile_disc(0.95) within group (order by "duration_ms") as "p95",
                mode() within group (order by coalesce("error_category", 'unknown')) filter (where ${failed}) as "top"
         from "executions" where "user_id" = ? and "started_at" >= ? and "started_at" < ? group by 1, 2 order by "failures" desc, "runs" desc, 1, 2`,
        [user.id, new Date(from), new Date(to)],
      );
      const label = `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
      expect(expected.length, label).toBeGreaterThanOrEqual(5);
      expect(health.map((row) => [row.instance_id, row.n8n_workflow_id, row.runs, row.failures, row.last_run_at, bin(row.p95), row.top_category]), label).toEqual(
        expected.map((row) => [row.instance_id, row.n8n_workflow_id, row.runs, row.failures, row.last, bin(row.p95), row.top]),
      );
      // The first page of a shorter list is the head of the whole one.
      expect((await reads.workflowHealth({ userId: user.id, from: new Date(from), to: new Date(to) }, 3)).map((row) => row.n8n_workflow_id), label).toEqual(expected.slice(0, 3).map((row) => row.n8n_workflow_id));
    }
  });
});

// The backfills: migration 0010 on a database that already holds executions (it sums them into
// rollups), then 0012 on one whose rollups 0010's triggers kept (it sums days into weeks). Each is
// compared with a recount from the rows, on a scratch database of this project's store.
describe('rollup migrations on a database that holds executions', () => {
  const store = inject('store');
  const scratch = `aihttp_backfill_${process.pid}_${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-backfill-'));
  const admin = store.kind === 'postgres' ? new pg.Client({ connectionString: store.databaseUrl }) : null;
  const scratchUrl = () => {
    const url = new URL(store.kind === 'postgres' ? store.databaseUrl : 'postgres://unused');
    url.pathname = `/${scratch}`;
    return url.toString();
  };

  beforeAll(async () => {
    if (!admin) return;
    await admin.connect();
    await admin.query(`create database "${scratch}"`);
  });
  afterAll(async () => {
    if (admin) {
      await admin.query(`drop database if exists "${scratch}" with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The scratch database migrated up to (not including) the migration `before`, or to the last one. */
  async function migratedTo(before?: (typeof migrations)[number]): Promise<MikroORM> {
    const list = before ? migrations.slice(0, migrations.indexOf(before)) : migrations;
    const common: Options<AbstractSqlDriver> = { entities: [], extensions: [Migrator], migrations: { migrationsList: list, snapshot: false, transactional: true, allOrNothing: true, silent: true }, discovery: { warnWhenNoEntities: false }, allowGlobalContext: true };
    const orm = await MikroORM.init<AbstractSqlDriver>(
      store.kind === 'postgres' ? { ...common, driver: PostgreSqlDriver, clientUrl: scratchUrl() } : { ...common, driver: PgliteDriver, dbName: 'postgres', driverOptions: { dataDir } },
    );
    await orm.migrator.up();
    return orm;
  }
  const queryOf = (orm: MikroORM): Query => async <T>(query: string, params: unknown[] = []) => (await orm.em.fork().getConnection().execute(query, params)) as T[];

  /** `count` executions of `user` over the 40 days before now, spread over its instances and 7 workflows; some without a start or a duration. */
  const addExecutions = (sql: Query, user: string, prefix: string, count: number) =>
    sql(
      `insert into "executions" ("user_id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", "started_at", "duration_ms", "error_category")
       select ?, (select "id" from "instances" where "user_id" = ? order by "id" offset (g % 2) limit 1), ? || g, 'wf-' || (g % 7),
              (array['success', 'success', 'error', 'crashed', 'canceled'])[1 + g % 5], 'webhook',
              case when g % 23 = 0 then null else now() - make_interval(secs => (g * 7919 % 3456000)::float8 + (g % 1000) / 1000.0) end,
              case when g % 17 = 0 then null else (g * 104729 % 90000) end,
              case when g % 3 = 0 then null else (array['auth', 'timeout', 'rate_limit'])[1 + g % 3] end
       from generate_series(1, ?) g`,
      [user, user, prefix, count],
    );

  it('0010 sums the stored executions into rollups, and 0012 sums the days into weeks, as a recount from the rows', async () => {
    let orm = await migratedTo(Migration0010ExecutionRollups);
    let sql = queryOf(orm);
    const [user] = await sql<{ id: string }>(`insert into "users" ("email", "name", "password_hash") values ('backfill@example.com', 'Backfill', 'x') returning "id"`);
    for (const name of ['a', 'b']) {
      await sql(`insert into "instances" ("id", "user_id", "name", "url", "api_key_ciphertext", "api_key_key_id", "api_key_last4") values (gen_random_uuid(), ?, ?, 'http://127.0.0.1:9', 'x', 'k', 'abcd')`, [user!.id, name]);
    }
    await addExecutions(sql, user!.id, 'before-', 600);
    await orm.close(true);

    orm = await migratedTo(Migration0012WorkflowWeekRollups);
    sql = queryOf(orm);
    const after0010 = await stored(sql, user!.id);
    expect(after0010).toEqual(await recount(sql, user!.id, false));
    expect(after0010.size).toBeGreaterThan(100);
    // More rows under 0010's triggers, and some deleted (as retention does), before 0012.
    await addExecutions(sql, user!.id, 'between-', 400);
    await sql(`delete from "executions" where "user_id" = ? and "n8n_execution_id" like 'before-%' and "started_at" < now() - interval '35 days'`, [user!.id]);
    expect(await stored(sql, user!.id)).toEqual(await recount(sql, user!.id, false));
    await orm.close(true);

    orm = await migratedTo();
    sql = queryOf(orm);
    const after0012 = await stored(sql, user!.id);
    expect(after0012).toEqual(await recount(sql, user!.id));
    expect([...after0012.keys()].filter((key) => key.includes('|week|')).length).toBeGreaterThan(30);
    // And its triggers keep the weeks: more rows, then a delete that empties some.
    await addExecutions(sql, user!.id, 'after-', 200);
    await sql(`delete from "executions" where "user_id" = ? and "started_at" < now() - interval '20 days'`, [user!.id]);
    const final = await stored(sql, user!.id);
    expect(final).toEqual(await recount(sql, user!.id));
    expect([...final.values()].every((row) => row.runs > 0)).toBe(true);

    // 0012 undone: the weeks go, and 0010's trigger keeps the hours and days again.
    await orm.migrator.down();
    await addExecutions(sql, user!.id, 'undone-', 100);
    expect(await stored(sql, user!.id)).toEqual(await recount(sql, user!.id, false));
    await orm.close(true);
  }, 120_000);
});
