import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionSummaryView, pageSchema, statsView, workflowHealthList, type ExecutionSummaryView, type StatsView, type WorkflowHealthList } from '@ai-http/shared/api/resources';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import type { ErrorCategory, ExecutionDigest, ExecutionStatus } from '@ai-http/shared/n8n/digest-schema';
import { digest, random } from './execution-digests.ts';
import { ExecutionRepository } from '../src/modules/executions/repository.ts';
import { binOf } from '../src/db/rollup-layout.ts';
import { apiClient, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

// The dashboard's read models against numbers computed here, in SQL written independently of the
// server's: it reads the digest JSON (not the columns the read models use) and names the user's
// live instances itself. Executions are stored the poller's way (saveDigest). Counts must be
// equal; p50 and p95 come from the rollups' duration histogram (migration 0010), so they must
// fall in the same histogram bin as the exact percentile (within 9.05 %).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STATUSES: ExecutionStatus[] = ['success', 'success', 'success', 'error', 'error', 'crashed', 'canceled'];
const CATEGORIES: ErrorCategory[] = ['auth', 'rate_limit', 'rate_limit', 'timeout', 'server_error'];

type Session = Awaited<ReturnType<typeof signUp>>;

describe('dashboard read models', () => {
  let server: TestServer;
  let api: ApiClient;
  let alice: Session;
  let bob: Session;
  let aliceInstances: string[];
  let em: () => EntityManager;
  const sql = async <T>(query: string, params: unknown[] = []) => (await em().getConnection().execute(query, params)) as T[];
  const get = async <T>(user: Session, path: string) => {
    const answer = await api.call<{ data: T }>('GET', path, { token: user.accessToken });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.data;
  };
  /** Alice's executions (of live instances) started in [from, to), read from the digests. */
  const aliceRows = (from: string, to: string, extra = '') =>
    `from "executions" where "user_id" = '${alice.id}' and "instance_id" in ('${aliceInstances.join("','")}') and "started_at" >= '${from}' and "started_at" < '${to}' ${extra}`;
  const FAILED = `"digest" ->> 'status' in ('error', 'crashed')`;
  const DURATION = `("digest" ->> 'durationMs')::int`;
  const CATEGORY = `coalesce("digest" -> 'error' ->> 'category', 'unknown')`;
  // The UTC hour or day a start falls in, as epoch ms (a timestamp without zone reads as UTC).
  const BUCKET = (unit: string) => `(extract(epoch from date_trunc('${unit}', "started_at" at time zone 'UTC')) * 1000)::float8`;

  /** The bin of a duration, or null: the read models' percentiles are exact to the bin. */
  const bin = (duration: number | null) => (duration === null ? null : binOf(duration));

  beforeAll(async () => {
    server = await startTestServer();
    api = apiClient(server.url);
    em = () => server.app.services.database.fork();
    [alice, bob] = await Promise.all([signUp(api, 'dash-alice'), signUp(api, 'dash-bob')]);
    const instance = async (user: Session, name: string) =>
      (await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name, url: 'http://127.0.0.1:9', apiKey: `n8n_api_${name}_0123456789` } })).body.data.id;
    aliceInstances = [await instance(alice, 'prod'), await instance(alice, 'staging')];
    const aliceDeleted = await instance(alice, 'old');
    const bobInstance = await instance(bob, 'bobs');

    const repository = new ExecutionRepository(em());
    await repository.saveWorkflows({ id: aliceInstances[0]!, userId: alice.id }, [{ id: 'wf-1', name: 'Orders', active: true, nodes: [], connections: {} } as never]);
    const next = random(18);
    const now = Date.now();
    let counter = 0;
    const store = async (instanceId: string, userId: string, count: number) => {
      for (let i = 0; i < count; i++) {
        // Spread over 60 days (so 30d has a previous period), with more in the last day and week.
        const span = [DAY, 7 * DAY, 60 * DAY][Math.floor(next() * 3)]!;
        const startedAt = now - Math.floor(next() * span) - 60_000;
        const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
        // One failure in six has no categorised error: it counts as `unknown`.
        const category = next() < 1 / 6 ? null : CATEGORIES[Math.floor(next() * CATEGORIES.length)]!;
        await repository.saveDigest({ id: instanceId, userId }, digest(`e${++counter}`, `wf-${1 + Math.floor(next() * 3)}`, status, startedAt, 50 + Math.floor(next() * 5_000), category));
      }
    };
    await store(aliceInstances[0]!, alice.id, 160);
    await store(aliceInstances[1]!, alice.id, 80);
    await store(aliceDeleted, alice.id, 30);
    await store(bobInstance, bob.id, 60);
    expect((await api.call('DELETE', `/api/v1/instances/${aliceDeleted}`, { token: alice.accessToken })).status).toBe(200);
  }, 120_000);
  afterAll(() => server?.close());

  it('GET /workflows: per workflow, the counts of a direct SQL count, p95 in the exact percentile\'s bin', async () => {
    for (const range of ['24h', '7d', '30d'] as const) {
      const answer = workflowHealthList.parse(await get<WorkflowHealthList>(alice, `/api/v1/workflows?range=${range}`));
      expect(answer.range).toBe(range);
      const expected = await sql<{ instance_id: string; workflow: string; runs: number; failures: number; last: number; p95: number }>(
        `select "instance_id", "n8n_workflow_id" as "workflow", count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
                (extract(epoch from max("started_at")) * 1000)::float8 as "last", percentile_disc(0.95) within group (order by ${DURATION}) as "p95"
         ${aliceRows(answer.from, answer.to)} group by 1, 2`,
      );
      expect(expected.length).toBeGreaterThan(3);
      const byKey = (instanceId: string, workflowId: string) => `${instanceId}/${workflowId}`;
      expect(answer.items.map((item) => byKey(item.instanceId, item.workflowId)).sort()).toEqual(expected.map((row) => byKey(row.instance_id, row.workflow)).sort());
      const categories = await sql<{ instance_id: string; workflow: string; category: string; n: number }>(
        `select "instance_id", "n8n_workflow_id" as "workflow", ${CATEGORY} as "category", count(*)::int as "n" ${aliceRows(answer.from, answer.to, `and ${FAILED}`)} group by 1, 2, 3`,
      );
      for (const item of answer.items) {
        const row = expected.find((r) => r.instance_id === item.instanceId && r.workflow === item.workflowId)!;
        expect(item).toMatchObject({ runs: row.runs, failures: row.failures, lastRunAt: new Date(row.last).toISOString() });
        expect(bin(item.p95DurationMs)).toBe(bin(row.p95));
        expect(item.failureRate).toBeCloseTo(row.failures / row.runs, 10);
        const counts = categories.filter((c) => c.instance_id === item.instanceId && c.workflow === item.workflowId);
        if (!counts.length) expect(item.topErrorCategory).toBeNull();
        // The most frequent category (any of them on a tie).
        else expect(counts.filter((c) => c.n === Math.max(...counts.map((x) => x.n))).map((c) => c.category)).toContain(item.topErrorCategory);
        expect(item.name).toBe(item.instanceId === aliceInstances[0] && item.workflowId === 'wf-1' ? 'Orders' : null);
      }
      // Most failures first.
      const failures = answer.items.map((item) => item.failures);
      expect(failures).toEqual([...failures].sort((a, b) => b - a));
    }
  });

  it('GET /workflows: one instance, and a limit', async () => {
    const answer = await get<WorkflowHealthList>(alice, `/api/v1/workflows?range=30d&instanceId=${aliceInstances[1]}&limit=2`);
    expect(answer.items).toHaveLength(2);
    expect(answer.items.every((item) => item.instanceId === aliceInstances[1])).toBe(true);
  });

  it('GET /stats: each bucket, the totals and the previous period: a direct SQL count, percentiles in the exact one\'s bin', async () => {
    for (const range of ['24h', '7d', '30d'] as const) {
      const answer = statsView.parse(await get<StatsView>(alice, `/api/v1/stats?range=${range}`));
      const unit = range === '24h' ? 'hour' : 'day';
      expect(answer.bucket).toBe(unit);
      const span = Date.parse(answer.to) - Date.parse(answer.from);
      expect(span).toBe({ '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY }[range]);
      // Every bucket of the window, empty ones included, oldest first.
      expect(answer.buckets).toHaveLength({ '24h': 25, '7d': 8, '30d': 31 }[range] - (Date.parse(answer.from) % (unit === 'hour' ? HOUR : DAY) === 0 ? 1 : 0));
      expect(answer.buckets[0]!.start <= answer.from && Date.parse(answer.buckets.at(-1)!.start) < Date.parse(answer.to)).toBe(true);

      const buckets = await sql<{ bucket: number; runs: number; failures: number; p50: number; p95: number }>(
        `select ${BUCKET(unit)} as "bucket", count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
                percentile_disc(0.5) within group (order by ${DURATION}) as "p50", percentile_disc(0.95) within group (order by ${DURATION}) as "p95"
         ${aliceRows(answer.from, answer.to)} group by 1`,
      );
      const categories = await sql<{ bucket: number; category: ErrorCategory; n: number }>(
        `select ${BUCKET(unit)} as "bucket", ${CATEGORY} as "category", count(*)::int as "n" ${aliceRows(answer.from, answer.to, `and ${FAILED}`)} group by 1, 2`,
      );
      const startOf = (bucket: number) => new Date(bucket).toISOString();
      for (const bucket of answer.buckets) {
        const row = buckets.find((r) => startOf(r.bucket) === bucket.start);
        expect(bucket).toMatchObject(row ? { runs: row.runs, failures: row.failures } : { runs: 0, failures: 0, p50DurationMs: null, p95DurationMs: null });
        expect([bin(bucket.p50DurationMs), bin(bucket.p95DurationMs)]).toEqual([bin(row?.p50 ?? null), bin(row?.p95 ?? null)]);
        expect(bucket.failuresByCategory).toEqual(Object.fromEntries(categories.filter((c) => startOf(c.bucket) === bucket.start).map((c) => [c.category, c.n])));
      }
      expect(answer.buckets.reduce((sum, b) => sum + b.runs, 0)).toBe(buckets.reduce((sum, b) => sum + b.runs, 0));

      const previousFrom = new Date(Date.parse(answer.from) - span).toISOString();
      for (const [period, from, to] of [['totals', answer.from, answer.to], ['previous', previousFrom, answer.from]] as const) {
        const [row] = await sql<{ runs: number; failures: number; p50: number | null; p95: number | null }>(
          `select count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
                  percentile_disc(0.5) within group (order by ${DURATION}) as "p50", percentile_disc(0.95) within group (order by ${DURATION}) as "p95" ${aliceRows(from, to)}`,
        );
        expect(answer[period], `${range} ${period}`).toMatchObject({ runs: row!.runs, failures: row!.failures, failureRate: row!.runs ? row!.failures / row!.runs : 0 });
        expect([bin(answer[period].p50DurationMs), bin(answer[period].p95DurationMs)], `${range} ${period}`).toEqual([bin(row!.p50), bin(row!.p95)]);
      }
      expect(answer.totals.runs).toBeGreaterThan(0);
      if (range === '30d') expect(answer.previous.runs).toBeGreaterThan(0);
    }
  });

  it('GET /stats: filtered to one workflow of one instance', async () => {
    const answer = await get<StatsView>(alice, `/api/v1/stats?range=7d&instanceId=${aliceInstances[0]}&workflowId=wf-2`);
    const [row] = await sql<{ runs: number }>(`select count(*)::int as "runs" ${aliceRows(answer.from, answer.to, `and "instance_id" = '${aliceInstances[0]}' and "n8n_workflow_id" = 'wf-2'`)}`);
    expect(answer.totals.runs).toBe(row!.runs);
    expect(row!.runs).toBeGreaterThan(0);
  });

  /** Every page of a list, following nextCursor. */
  const everyPage = async (user: Session, query: string) => {
    const items: ExecutionSummaryView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: ExecutionSummaryView[]; nextCursor: string | null } = pageSchema(executionSummaryView.schema).parse(
        await get(user, `/api/v1/executions?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`),
      );
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  };

  it('GET /executions: each filter, page after page, gives the rows a direct SQL query gives, newest first', async () => {
    const from = new Date(Date.now() - 7 * DAY).toISOString();
    const to = new Date(Date.now() - DAY).toISOString();
    const cases: [string, string][] = [
      ['', ''],
      [`instanceId=${aliceInstances[1]}`, `and "instance_id" = '${aliceInstances[1]}'`],
      ['workflowId=wf-3', `and "n8n_workflow_id" = 'wf-3'`],
      [`instanceId=${aliceInstances[0]}&workflowId=wf-1&status=error`, `and "instance_id" = '${aliceInstances[0]}' and "n8n_workflow_id" = 'wf-1' and "digest" ->> 'status' = 'error'`],
      ['category=rate_limit', `and "digest" -> 'error' ->> 'category' = 'rate_limit'`],
      [`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&status=success`, `and "digest" ->> 'status' = 'success'`],
    ];
    for (const [query, condition] of cases) {
      const window = query.includes('from=') ? [from, to] : ['-infinity', 'infinity'];
      const expected = await sql<{ id: string }>(`select "id" ${aliceRows(window[0]!, window[1]!, condition)} order by "started_at" desc, "id" desc`);
      const { items, pages } = await everyPage(alice, query);
      expect(items.map((item) => item.id), query).toEqual(expected.map((row) => row.id));
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 7)));
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('GET /executions: a summary carries the digest’s status, duration, category, failing node and message', async () => {
    const { items } = await everyPage(alice, 'category=auth');
    const [row] = await sql<{ digest: ExecutionDigest }>(`select "digest" from "executions" where "id" = ?`, [items[0]!.id]);
    expect(items[0]).toMatchObject({
      executionId: row!.digest.executionId,
      workflowId: row!.digest.workflowId,
      status: row!.digest.status,
      durationMs: row!.digest.durationMs,
      errorCategory: 'auth',
      failingNode: 'Call API',
      errorMessage: 'failed: auth',
      startedAt: row!.digest.startedAt,
    });
  });

  it('GET /executions/:id: the stored digest, to its owner only', async () => {
    const [row] = await sql<{ id: string; digest: ExecutionDigest }>(`select "id", "digest" ${aliceRows('1970-01-01', '2100-01-01', `and ${FAILED} and "digest" -> 'error' is not null`)} limit 1`);
    const answer = await get<ExecutionDigest>(alice, `/api/v1/executions/${row!.id}`);
    expect(answer).toEqual(typeof row!.digest === 'string' ? JSON.parse(row!.digest) : row!.digest);
    expect(answer.error?.message).toMatch(/^failed: /);
    const other = await api.call<{ error: { code: string } }>('GET', `/api/v1/executions/${row!.id}`, { token: bob.accessToken });
    expect([other.status, other.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const [gone] = await sql<{ id: string }>(`select e."id" from "executions" e join "instances" i on i."id" = e."instance_id" where i."deleted_at" is not null and e."user_id" = '${alice.id}' limit 1`);
    expect((await api.call('GET', `/api/v1/executions/${gone!.id}`, { token: alice.accessToken })).status).toBe(404);
  });

  it('tenant isolation: another user’s executions, and a deleted instance’s, are never counted', async () => {
    const bobs = await everyPage(bob, '');
    expect(bobs.items).toHaveLength(60);
    const alices = await everyPage(alice, '');
    expect(alices.items).toHaveLength(240);
    expect(alices.items.every((item) => aliceInstances.includes(item.instanceId))).toBe(true);
    expect(bobs.items.some((item) => alices.items.some((mine) => mine.id === item.id))).toBe(false);
    // Asking for another user's instance finds nothing rather than their rows.
    expect((await get<{ items: unknown[] }>(bob, `/api/v1/executions?instanceId=${aliceInstances[0]}`)).items).toEqual([]);
    expect((await get<WorkflowHealthList>(bob, `/api/v1/workflows?range=30d&instanceId=${aliceInstances[0]}`)).items).toEqual([]);
    const bobStats = await get<StatsView>(bob, '/api/v1/stats?range=30d');
    const [bobRuns] = await sql<{ runs: number }>(`select count(*)::int as "runs" from "executions" where "user_id" = ? and "started_at" >= ? and "started_at" < ?`, [bob.id, bobStats.from, bobStats.to]);
    expect(bobStats.totals.runs).toBe(bobRuns!.runs);
  });

  it('the three endpoints are in /openapi.json, with their query parameters', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, { get?: { tags: string[]; parameters?: { name: string }[] } }> };
    const params = (path: string) => doc.paths[path]?.get?.parameters?.map((p) => p.name).sort();
    expect(params('/api/v1/workflows')).toEqual(['instanceId', 'limit', 'range']);
    expect(params('/api/v1/executions')).toEqual(['category', 'cursor', 'from', 'instanceId', 'limit', 'status', 'to', 'workflowId']);
    expect(params('/api/v1/stats')).toEqual(['instanceId', 'range', 'workflowId']);
    expect(doc.paths['/api/v1/stats']!.get!.tags).toEqual(['dashboard']);
  });

  it('a query it cannot read is VALIDATION_FAILED, naming the field', async () => {
    const bad: [string, string][] = [
      ['/api/v1/workflows?range=1y', 'range'],
      ['/api/v1/workflows?instanceId=nope', 'instanceId'],
      ['/api/v1/workflows?limit=0', 'limit'],
      ['/api/v1/stats?range=week', 'range'],
      ['/api/v1/executions?status=exploded', 'status'],
      ['/api/v1/executions?category=weather', 'category'],
      ['/api/v1/executions?from=yesterday', 'from'],
      [`/api/v1/executions?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(new Date(Date.now() - DAY).toISOString())}`, 'to'],
      ['/api/v1/executions?limit=101', 'limit'],
      ['/api/v1/executions?cursor=not-a-cursor', 'cursor'],
    ];
    for (const [path, field] of bad) {
      const answer = await api.call('GET', path, { token: alice.accessToken });
      expect(answer.status, path).toBe(400);
      const envelope = errorEnvelopeSchema.parse(answer.body);
      expect(envelope.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(envelope.error.details), path).toContain(field);
    }
    expect((await api.call('GET', '/api/v1/stats')).status).toBe(401);
  });
});
