import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import {
  executionListQuery,
  executionSummaryView,
  pageSchema,
  READ_RANGE_MS,
  statsQuery,
  statsView,
  workflowHealthList,
  workflowHealthQuery,
  type ExecutionSummaryView,
  type PeriodTotals,
  type ReadRange,
  type StatsBucket,
  type StatsView,
  type WorkflowHealthList,
} from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { ERROR_CATEGORIES, executionDigest, type ErrorCategory } from '@ai-http/shared/n8n/digest-schema';
import { decodeCursor, encodeCursor } from '../../db/cursor.ts';
import { idParams, type ApiRegistry, type AuthState } from '../../http/api.ts';
import { iso } from '../../http/timestamps.ts';
import { ExecutionReadRepository, type ExecutionSummaryRow, type PeriodRow, type WindowScope } from './repository.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * What a windowed read covers: the caller's executions that started in the `range` ending now
 * (of one instance or workflow when asked), and how the answer names that window.
 */
function windowed(auth: AuthState, query: { range: ReadRange; instanceId?: string | undefined; workflowId?: string | undefined }, now = Date.now()) {
  const from = new Date(now - READ_RANGE_MS[query.range]);
  const to = new Date(now);
  const scope: WindowScope = { userId: auth.userId, from, to, instanceId: query.instanceId, workflowId: query.workflowId };
  return { from, to, scope, named: { v: 1 as const, range: query.range, from: iso(from), to: iso(to) } };
}

const failureRate = (runs: number, failures: number) => (runs === 0 ? 0 : failures / runs);

export const toExecutionSummaryView = (row: ExecutionSummaryRow): ExecutionSummaryView => ({
  v: 1,
  id: row.id,
  instanceId: row.instance_id,
  executionId: row.n8n_execution_id,
  workflowId: row.n8n_workflow_id,
  status: row.status,
  mode: row.mode,
  startedAt: iso(new Date(row.started_ms)),
  stoppedAt: row.stopped_ms === null ? null : iso(new Date(row.stopped_ms)),
  durationMs: row.duration_ms,
  errorCategory: row.error_category as ErrorCategory | null,
  failingNode: row.failing_node,
  errorMessage: row.error_message,
});

const toTotals = (row: PeriodRow = { runs: 0, failures: 0, p50: null, p95: null }): PeriodTotals => ({
  runs: row.runs,
  failures: row.failures,
  failureRate: failureRate(row.runs, row.failures),
  p50DurationMs: row.p50,
  p95DurationMs: row.p95,
});

/**
 * The dashboard's read models, from the execution summaries the poller stores: workflow health,
 * the executions list and statistics over time. Each reads only the caller's own executions.
 */
export function executionRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager): void {
  const reads = (ctx: Context) => new ExecutionReadRepository(em(ctx));
  const common = { method: 'get', auth: 'user', tag: 'dashboard' } as const;

  api.add({
    ...common,
    path: '/workflows',
    summary: 'Workflow health over a window (24h, 7d, 30d): runs, failure rate, last run, p95 duration, top error category',
    query: workflowHealthQuery,
    response: workflowHealthList.schema,
    handler: async ({ ctx, query, auth }): Promise<WorkflowHealthList> => {
      const { scope, named } = windowed(auth, query);
      const rows = await reads(ctx).workflowHealth(scope, query.limit);
      return {
        ...named,
        items: rows.map((row) => ({
          instanceId: row.instance_id,
          workflowId: row.n8n_workflow_id,
          name: row.name,
          runs: row.runs,
          failures: row.failures,
          failureRate: failureRate(row.runs, row.failures),
          lastRunAt: iso(new Date(row.last_run_at)),
          p95DurationMs: row.p95,
          topErrorCategory: row.top_category as ErrorCategory | null,
        })),
      };
    },
  });

  api.add({
    ...common,
    path: '/executions',
    summary: 'List stored execution summaries, newest first (filters: instance, workflow, status, error category, from/to)',
    query: executionListQuery,
    response: pageSchema(executionSummaryView.schema),
    handler: async ({ ctx, query, auth }) => {
      const rows = await reads(ctx).list({
        userId: auth.userId,
        instanceId: query.instanceId,
        workflowId: query.workflowId,
        status: query.status,
        category: query.category,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
        limit: query.limit + 1,
        after: decodeCursor(query.cursor),
      });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return { items: items.map(toExecutionSummaryView), nextCursor: rows.length > query.limit && last ? encodeCursor({ at: new Date(last.started_ms), id: last.id }) : null };
    },
  });

  api.add({
    ...common,
    path: '/executions/:id',
    summary: 'One stored execution\'s digest (failing node, error, explanation, fixes, input items, timings), by its id in /executions',
    params: idParams,
    response: executionDigest.schema,
    handler: async ({ ctx, params, auth }) => {
      const digest = await reads(ctx).digest(auth.userId, params.id);
      if (!digest) throw new AppError('NOT_FOUND', 'No such stored execution.');
      return digest;
    },
  });

  api.add({
    ...common,
    path: '/stats',
    summary: 'Execution statistics over a window: per hour (24h) or day (7d, 30d) runs, failures by category, p50/p95 durations; totals against the previous period',
    query: statsQuery,
    response: statsView.schema,
    handler: async ({ ctx, query, auth }): Promise<StatsView> => readStats(reads(ctx), windowed(auth, query), query.range),
  });
}

/** Per bucket (hour for 24h, UTC day otherwise), then the window's totals and the previous window's. */
async function readStats(repository: ExecutionReadRepository, { from, to, scope, named }: ReturnType<typeof windowed>, range: ReadRange): Promise<StatsView> {
  const unit = range === '24h' ? 'hour' : 'day';
  const rows = await repository.buckets(scope, unit);
  const previous = await repository.period({ ...scope, from: new Date(from.getTime() - READ_RANGE_MS[range]), to: from });
  const byStart = new Map<number, StatsBucket>();
  const step = unit === 'hour' ? HOUR_MS : DAY_MS;
  // UTC hours and days are all the same length, so the buckets are plain multiples of `step`.
  for (let start = Math.floor(from.getTime() / step) * step; start < to.getTime(); start += step) {
    byStart.set(start, { start: iso(new Date(start)), runs: 0, failures: 0, failuresByCategory: {}, p50DurationMs: null, p95DurationMs: null });
  }
  let totals: PeriodRow | undefined;
  for (const row of rows) {
    if (row.bucket === null) {
      totals = row;
      continue;
    }
    const failuresByCategory = Object.fromEntries(ERROR_CATEGORIES.filter((category) => row[category] > 0).map((category) => [category, row[category]]));
    Object.assign(byStart.get(row.bucket) ?? {}, { runs: row.runs, failures: row.failures, failuresByCategory, p50DurationMs: row.p50, p95DurationMs: row.p95 });
  }
  return { ...named, bucket: unit, buckets: [...byStart.values()], totals: toTotals(totals), previous: toTotals(previous) };
}
