import type { EntityManager } from '@mikro-orm/sql';
import type { N8nWorkflow } from '@ai-http/shared/n8n/client';
import { ERROR_CATEGORIES, type ErrorCategory, type ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { outlineWorkflowNodes } from '@ai-http/shared/n8n/workflow-outline';
import { isStorableDate } from '@ai-http/shared/text';
import type { Cursor } from '../../db/cursor.ts';
import { Instance } from '../instances/entity.ts';
import { Execution, Workflow } from './entity.ts';
import { addDuration, addHistogram, DURATION_BINS, failureColumn, histogramPercentile, sumHistogramsSql } from '../../db/rollup-layout.ts';

/** The instance a poller writes for: rows are owned by its user. */
export interface PolledInstance {
  id: string;
  userId: string;
}

/** What the poller keeps of an n8n instance: execution summaries (digests) and its workflows. */
export class ExecutionRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** Stores a finished execution's digest, or updates it (n8n retries and late finishes come again). */
  async saveDigest(instance: PolledInstance, digest: ExecutionDigest): Promise<void> {
    await this.em.upsert(
      Execution,
      { userId: instance.userId, instanceId: instance.id, n8nExecutionId: digest.executionId, n8nWorkflowId: digest.workflowId, status: digest.status, mode: digest.mode, startedAt: toDate(digest.startedAt), stoppedAt: toDate(digest.stoppedAt), digest, errorCategory: digest.error?.category ?? null, durationMs: toDuration(digest.durationMs) },
      { onConflictFields: ['instanceId', 'n8nExecutionId'], onConflictMergeFields: ['status', 'stoppedAt', 'digest', 'errorCategory', 'durationMs'], disableIdentityMap: true },
    );
  }

  /**
   * Brings the instance's workflows up to date (one statement per page); a workflow seen again is
   * no longer deleted. Only each node's outline is kept (outlineWorkflowNodes): n8n's full
   * parameters hold tokens and passwords that must not land in this database.
   */
  async saveWorkflows(instance: PolledInstance, workflows: readonly N8nWorkflow[]): Promise<void> {
    if (!workflows.length) return;
    await this.em.upsertMany(
      Workflow,
      workflows.map((workflow) => ({ userId: instance.userId, instanceId: instance.id, n8nWorkflowId: workflow.id, name: workflow.name, active: workflow.active, nodes: outlineWorkflowNodes(workflow.nodes), connections: workflow.connections, deletedAt: null })),
      { onConflictFields: ['instanceId', 'n8nWorkflowId'], onConflictMergeFields: ['name', 'active', 'nodes', 'connections', 'deletedAt'], disableIdentityMap: true },
    );
  }

  /**
   * Retention: per workflow, the newest `count` executions, none older than `days`. Raw SQL,
   * because the window function that ranks executions per workflow has no query-builder form.
   */
  async applyRetention(instanceId: string, { days, count }: { days: number; count: number }): Promise<void> {
    await this.em.execute(
      `delete from "executions" where "instance_id" = ? and ("started_at" < now() - make_interval(days => ?) or "id" in (
         select "id" from (select "id", row_number() over (partition by "n8n_workflow_id" order by "started_at" desc nulls last) as "rank"
                           from "executions" where "instance_id" = ?) ranked where "rank" > ?))`,
      [instanceId, days, instanceId, count],
    );
  }
}

/**
 * The times and duration n8n (or a hook notice) reported, as the columns can hold them: a time that
 * is not a date, or is outside years 1 to 9999, is null (the stores refuse it with a 500), and so
 * is a duration past the column's integer range (times years apart). The digest keeps the text.
 */
const toDate = (value: string | null) => {
  if (value === null) return null;
  const date = new Date(value);
  return isStorableDate(date) ? date : null;
};
const toDuration = (ms: number | null) => (ms !== null && Number.isFinite(ms) && ms >= 0 && ms <= 2 ** 31 - 1 ? Math.round(ms) : null);

/** Which of a user's executions a read covers: started in [from, to), optionally one instance or workflow. */
export interface ExecutionScope {
  userId: string;
  from?: Date | undefined;
  to?: Date | undefined;
  instanceId?: string | undefined;
  workflowId?: string | undefined;
}

export interface ExecutionListFilter extends ExecutionScope {
  status?: string | undefined;
  category?: string | undefined;
  limit: number;
  after: Cursor | null;
}

export interface WorkflowHealthRow {
  instance_id: string;
  n8n_workflow_id: string;
  name: string | null;
  runs: number;
  failures: number;
  /** Epoch milliseconds, as are the other times of these rows. */
  last_run_at: number;
  p95: number | null;
  top_category: string | null;
}

export interface ExecutionSummaryRow {
  id: string;
  instance_id: string;
  n8n_execution_id: string;
  n8n_workflow_id: string;
  status: string;
  mode: string;
  started_ms: number;
  stopped_ms: number | null;
  duration_ms: number | null;
  error_category: string | null;
  failing_node: string | null;
  error_message: string | null;
}

/** One bucket of a window (`bucket` null: the whole window), failures counted per category. */
export type BucketRow = {
  bucket: number | null;
  runs: number;
  failures: number;
  p50: number | null;
  p95: number | null;
} & Record<ErrorCategory, number>;

export interface PeriodRow {
  runs: number;
  failures: number;
  p50: number | null;
  p95: number | null;
}

/** What counts as a failure (see READ_RANGES in shared/api/resources.ts). */
const FAILED = `"status" in ('error', 'crashed')`;
/** A time as epoch milliseconds: raw rows carry timestamps as Postgres text, numbers are plain. */
const epochMs = (expression: string) => `(extract(epoch from ${expression}) * 1000)::float8`;
const COUNTS = `count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures"`;
/** Failures per category as columns of one pass (a failure without a category is `unknown`). */
const CATEGORY_COUNTS = ERROR_CATEGORIES.map((category) => `(count(*) filter (where ${FAILED} and coalesce("error_category", 'unknown') = '${category}'))::int as "${category}"`).join(', ');
/** The same columns read from rollups (migration 0010), under the same names. */
const ROLLUP_CATEGORIES = ERROR_CATEGORIES.map((category) => `"${failureColumn(category)}" as "${category}"`).join(', ');
/** The sums of those columns over the rows of a group, each row times `weight` (1, or its sign). */
const sumCounts = (weight?: string) => ['runs', 'failures', ...ERROR_CATEGORIES].map((column) => `coalesce(sum(${weight ? `${weight} * ` : ''}"${column}"), 0)::int as "${column}"`).join(', ');
const SUM_COUNTS = sumCounts();
const SIGNED_SUM_COUNTS = sumCounts('"sign"');

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SPAN_MS = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS } as const;
type Span = keyof typeof SPAN_MS;
/** Where a span's buckets are counted from: ISO weeks start on Monday, and 1970-01-01 was a Thursday. */
const SPAN_ORIGIN: Record<Span, number> = { hour: 0, day: 0, week: 4 * DAY_MS };
// UTC hours, days and weeks all have the same length: bucket starts are the origin plus multiples of the step.
const floorTo = (ms: number, span: Span) => Math.floor((ms - SPAN_ORIGIN[span]) / SPAN_MS[span]) * SPAN_MS[span] + SPAN_ORIGIN[span];
const ceilTo = (ms: number, span: Span) => Math.ceil((ms - SPAN_ORIGIN[span]) / SPAN_MS[span]) * SPAN_MS[span] + SPAN_ORIGIN[span];

/**
 * A stretch of a window: whole buckets of one span, read from the rollups, or (span null) the
 * executions themselves; added to the window's figures, or taken away from them (sign -1).
 */
interface Segment {
  span: Span | null;
  from: Date;
  to: Date;
  sign: 1 | -1;
}

/**
 * Covers a window [from, to) with the largest whole buckets that fit: the whole buckets of the
 * first span, then those of the next in the stretches left at either edge, and the executions
 * themselves for what is left (less than one bucket of the smallest span at each edge).
 */
function cover(from: Date, to: Date, spans: readonly Span[]): Segment[] {
  if (from >= to) return [];
  const [span, ...smaller] = spans;
  if (!span) return [{ span: null, from, to, sign: 1 }];
  const first = new Date(ceilTo(from.getTime(), span));
  const end = new Date(floorTo(to.getTime(), span));
  if (first >= end) return cover(from, to, smaller);
  return [...cover(from, first, smaller), { span, from: first, to: end, sign: 1 }, ...cover(end, to, smaller)];
}

interface Plan {
  segments: Segment[];
  /** About how many rows it reads per workflow: one per bucket, one per hour of executions; none where no execution is stored. */
  cost: number;
}

/** Where the stored executions lie in time: none started before `oldest` (null: none at all) or after `now` (unless a clock is ahead). */
export interface StoredSpan {
  oldest: number | null;
  now: number;
}

const negated = (plan: Plan): Plan => ({ segments: plan.segments.map((segment) => ({ ...segment, sign: segment.sign === 1 ? -1 : 1 })), cost: plan.cost });

/**
 * Covers a window [from, to) with whole buckets added or taken away, whichever reads fewer rows:
 * a window edge late in its week is the week minus the days before it, one early in a day is
 * that day's executions, one late in a day is the day minus the executions before the edge. Time
 * outside the stored executions costs nothing: the edge at now is the bucket it is in minus what
 * started after now, and an edge at the retention horizon (30 days) is its day minus the hours
 * before it, whatever the time of day. Tries each span with each choice at each edge (a few
 * hundred small plans at most) and keeps the cheapest.
 */
export function signedCover(from: number, to: number, spans: readonly Span[], stored: StoredSpan): Plan {
  if (from >= to) return { segments: [], cost: 0 };
  const start = stored.oldest ?? stored.now;
  const [span, ...smaller] = spans;
  if (!span) return { segments: [{ span: null, from: new Date(from), to: new Date(to), sign: 1 }], cost: Math.max(0, Math.min(to, stored.now) - Math.max(from, start)) / HOUR_MS };
  let best = signedCover(from, to, smaller, stored);
  const step = SPAN_MS[span];
  const [low, first, end, high] = [floorTo(from, span), ceilTo(from, span), floorTo(to, span), ceilTo(to, span)];
  for (const left of new Set([first, low])) {
    for (const right of new Set([end, high])) {
      if (left > right) continue;
      // The buckets from `left` to `right` that hold stored time.
      const blocks = Math.max(0, Math.min(right, ceilTo(stored.now, span)) - Math.max(left, floorTo(start, span))) / step;
      const parts: Plan[] = [
        { segments: left < right ? [{ span, from: new Date(left), to: new Date(right), sign: 1 }] : [], cost: blocks },
        left === first ? signedCover(from, first, smaller, stored) : negated(signedCover(low, from, smaller, stored)),
        right === end ? signedCover(end, to, smaller, stored) : negated(signedCover(to, high, smaller, stored)),
      ];
      const cost = parts.reduce((total, part) => total + part.cost, 0);
      if (cost < best.cost) best = { segments: parts.flatMap((part) => part.segments), cost };
    }
  }
  return best;
}

/** Runs, failures per category and a duration histogram, added up in TypeScript. */
class Tally {
  runs = 0;
  failures = 0;
  readonly categories = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, 0])) as Record<ErrorCategory, number>;
  readonly histogram: number[] = new Array<number>(DURATION_BINS).fill(0);

  addRollup(row: RollupRow): void {
    this.runs += row.runs;
    this.failures += row.failures;
    for (const category of ERROR_CATEGORIES) this.categories[category] += row[category];
    addHistogram(this.histogram, histogramOf(row.durations));
  }

  addExecution(row: RawRow): void {
    this.runs++;
    if (row.status === 'error' || row.status === 'crashed') {
      this.failures++;
      this.categories[(row.error_category as ErrorCategory | null) ?? 'unknown']++;
    }
    if (row.duration_ms !== null) addDuration(this.histogram, row.duration_ms);
  }

  row(bucket: number | null): BucketRow {
    return { bucket, runs: this.runs, failures: this.failures, ...this.categories, p50: histogramPercentile(this.histogram, 0.5), p95: histogramPercentile(this.histogram, 0.95) };
  }
}

type RollupRow = { bucket_ms: number | null; runs: number; failures: number; durations: number[] | string } & Record<ErrorCategory, number>;
interface RawRow {
  started_ms: number;
  status: string;
  error_category: string | null;
  duration_ms: number | null;
}

/** A windowed read: started in [from, to). */
export type WindowScope = ExecutionScope & { from: Date; to: Date };

/** int[] from the driver: node-postgres and PGlite give arrays; text is parsed in case one does not. */
const histogramOf = (value: number[] | string | null): number[] => (value === null ? [] : typeof value === 'string' ? value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : value.map(Number));

interface OwnedScope {
  sql: string;
  params: unknown[];
}

export class ExecutionReadRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /**
   * Per workflow that ran in the window: runs, failures, last run, p95 duration, top category;
   * the `limit` that failed most. The counts of every workflow come first, from a few rollup rows
   * each (whole weeks and days, added or taken away: `signedCover`) and the executions of less
   * than half a day at an edge; the histograms, names and last runs are then read only for the
   * workflows shown.
   */
  async workflowHealth(scope: WindowScope, limit: number): Promise<WorkflowHealthRow[]> {
    const owned = await this.owned(scope);
    if (!owned) return [];
    // The oldest stored start (the first entry of `executions_user_started` from its far end) lets
    // the cover know that the hours before it cost nothing.
    const [first] = await this.em.execute<{ oldest: number | null }[]>(`select ${epochMs('min("started_at")')} as "oldest" from "executions" where "user_id" = ?`, [scope.userId]);
    const { segments } = signedCover(scope.from.getTime(), scope.to.getTime(), ['week', 'day'], { oldest: first?.oldest ?? null, now: Date.now() });
    const rolled = segments.filter((segment) => segment.span !== null);
    const raw = segments.filter((segment) => segment.span === null);
    const parts = [
      ...rolled.map(
        (segment) => `select "instance_id", "n8n_workflow_id", ${segment.sign} as "sign", "runs", "failures", ${ROLLUP_CATEGORIES} from "execution_rollups"
                      where ${owned.sql} and "span" = ? and "n8n_workflow_id" <> '' and "bucket_start" >= ? and "bucket_start" < ?`,
      ),
      ...raw.map((segment) => `select "instance_id", "n8n_workflow_id", ${segment.sign} as "sign", ${COUNTS}, ${CATEGORY_COUNTS} from "executions" where ${owned.sql} and "started_at" >= ? and "started_at" < ? group by 1, 2`),
    ];
    const params = [...rolled.flatMap((segment) => [...owned.params, segment.span, segment.from, segment.to]), ...raw.flatMap((segment) => [...owned.params, segment.from, segment.to])];
    // A workflow whose rows in these buckets all fall outside the window adds up to no runs: it did not run in it.
    const groups = await this.em.execute<({ instance_id: string; n8n_workflow_id: string; runs: number; failures: number } & Record<ErrorCategory, number>)[]>(
      `select "instance_id", "n8n_workflow_id", ${SIGNED_SUM_COUNTS} from (${parts.join(' union all ')}) p
       group by 1, 2 having sum("sign" * "runs") > 0 order by "failures" desc, "runs" desc, "instance_id", "n8n_workflow_id" limit ?`,
      [...params, limit],
    );
    if (!groups.length) return [];
    // For the workflows shown only: their name and last run (the newest start: the first entry of
    // `executions_workflow`), and their durations: their buckets' histograms added and taken away
    // bin by bin, and the executions at the edges, counted here.
    const shown = groups.map(() => '(?::uuid, ?::text)').join(', ');
    const shownParams = groups.flatMap((group) => [group.instance_id, group.n8n_workflow_id]);
    const details = await this.em.execute<{ instance_id: string; n8n_workflow_id: string; name: string | null; last_run_at: number }[]>(
      `select t."instance_id", t."n8n_workflow_id", w."name",
              (select ${epochMs('max(e."started_at")')} from "executions" e where e."instance_id" = t."instance_id" and e."n8n_workflow_id" = t."n8n_workflow_id" and e."started_at" >= ? and e."started_at" < ?) as "last_run_at"
       from (values ${shown}) t("instance_id", "n8n_workflow_id")
       left join "workflows" w on w."instance_id" = t."instance_id" and w."n8n_workflow_id" = t."n8n_workflow_id" and w."deleted_at" is null`,
      [scope.from, scope.to, ...shownParams],
    );
    const histograms = new Map<string, number[]>();
    const histogramFor = (instanceId: string, workflowId: string) => {
      const key = `${instanceId}/${workflowId}`;
      let histogram = histograms.get(key);
      if (!histogram) histograms.set(key, (histogram = new Array<number>(DURATION_BINS).fill(0)));
      return histogram;
    };
    if (rolled.length) {
      // The rows' histograms are added here, not summed in SQL: 238 sums per row cost the
      // database more (and planning them alone some milliseconds) than sending the arrays.
      const buckets = await this.em.execute<{ instance_id: string; n8n_workflow_id: string; sign: number; durations: number[] | string }[]>(
        rolled
          .map((segment) => `select "instance_id", "n8n_workflow_id", ${segment.sign} as "sign", "durations" from "execution_rollups" where "span" = ? and "bucket_start" >= ? and "bucket_start" < ? and ("instance_id", "n8n_workflow_id") in (values ${shown})`)
          .join(' union all '),
        rolled.flatMap((segment) => [segment.span, segment.from, segment.to, ...shownParams]),
      );
      for (const row of buckets) addHistogram(histogramFor(row.instance_id, row.n8n_workflow_id), histogramOf(row.durations), row.sign);
    }
    if (raw.length) {
      const edges = await this.em.execute<{ instance_id: string; n8n_workflow_id: string; sign: number; duration_ms: number }[]>(
        raw
          .map((segment) => `select "instance_id", "n8n_workflow_id", ${segment.sign} as "sign", "duration_ms" from "executions" where ${owned.sql} and "started_at" >= ? and "started_at" < ? and "duration_ms" is not null and ("instance_id", "n8n_workflow_id") in (values ${shown})`)
          .join(' union all '),
        raw.flatMap((segment) => [...owned.params, segment.from, segment.to, ...shownParams]),
      );
      for (const row of edges) addDuration(histogramFor(row.instance_id, row.n8n_workflow_id), row.duration_ms, row.sign);
    }
    return groups.map((group) => {
      const detail = details.find((row) => row.instance_id === group.instance_id && row.n8n_workflow_id === group.n8n_workflow_id);
      return {
        instance_id: group.instance_id,
        n8n_workflow_id: group.n8n_workflow_id,
        name: detail?.name ?? null,
        runs: group.runs,
        failures: group.failures,
        last_run_at: detail?.last_run_at ?? 0,
        p95: histogramPercentile(histogramFor(group.instance_id, group.n8n_workflow_id), 0.95),
        top_category: topCategory(group),
      };
    });
  }

  /** One stored execution's whole digest, if it is the user's and its instance was not removed. */
  async digest(userId: string, id: string): Promise<ExecutionDigest | null> {
    const [row] = await this.em.execute<{ digest: ExecutionDigest | string }[]>(
      `select e."digest" from "executions" e join "instances" i on i."id" = e."instance_id" and i."deleted_at" is null where e."id" = ? and e."user_id" = ?`,
      [id, userId],
    );
    if (!row) return null;
    return typeof row.digest === 'string' ? (JSON.parse(row.digest) as ExecutionDigest) : row.digest;
  }

  /** A page of summaries, newest start first; `after` is the last row of the page before. */
  async list(filter: ExecutionListFilter): Promise<ExecutionSummaryRow[]> {
    const owned = await this.owned(filter);
    if (!owned) return [];
    const conditions = [owned.sql];
    const params = [...owned.params];
    // Executions with no start time have no place in time: the read models leave them out.
    conditions.push(filter.from ? `"started_at" >= ?` : `"started_at" is not null`);
    if (filter.from) params.push(filter.from);
    if (filter.to) {
      conditions.push(`"started_at" < ?`);
      params.push(filter.to);
    }
    if (filter.status !== undefined) {
      conditions.push(`"status" = ?`);
      params.push(filter.status);
    }
    if (filter.category !== undefined) {
      conditions.push(`"error_category" = ?`);
      params.push(filter.category);
    }
    if (filter.after) {
      conditions.push(`("started_at", "id") < (?, ?)`);
      params.push(filter.after.at, filter.after.id);
    }
    // Times leave as "…_ms" aliases: ORDER BY "started_at" must name the column, which the index orders.
    return this.em.execute<ExecutionSummaryRow[]>(
      `select "id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", ${epochMs('"started_at"')} as "started_ms", ${epochMs('"stopped_at"')} as "stopped_ms", "duration_ms", "error_category",
              "digest" -> 'failingNode' ->> 'name' as "failing_node", "digest" -> 'error' ->> 'message' as "error_message"
       from "executions" where ${conditions.join(' and ')}
       order by "started_at" desc, "id" desc limit ?`,
      [...params, filter.limit],
    );
  }

  /**
   * Per UTC `unit` (hour or day) of the window: runs, failures per category and duration
   * percentiles; plus the whole window's row (`bucket` null), in the same pass.
   */
  async buckets(scope: WindowScope, unit: 'hour' | 'day'): Promise<BucketRow[]> {
    return this.aggregate(scope, unit);
  }

  /** Runs, failures and duration percentiles of a whole window (the one before, for comparison). */
  async period(scope: WindowScope): Promise<PeriodRow> {
    const [row] = await this.aggregate(scope, null);
    return row ?? { runs: 0, failures: 0, p50: null, p95: null };
  }

  /**
   * Stats of a window, per `unit` and for the whole window (only the whole: unit null), added up
   * here from a few rollup rows and the executions of the partial hours at the edges. Every
   * workflow: the instances' daily rollups, hourly ones at the edges (hourly only for hour
   * buckets). One workflow: its daily rollups when the buckets are days (a workflow's hours come
   * from its executions, a day of them at most).
   */
  private async aggregate(scope: WindowScope, unit: 'hour' | 'day' | null): Promise<BucketRow[]> {
    const owned = await this.owned(scope);
    if (!owned) return [];
    const every = scope.workflowId === undefined;
    const spans: Span[] = every ? (unit === 'hour' ? ['hour'] : ['day', 'hour']) : unit === 'hour' ? [] : ['day'];
    const segments = cover(scope.from, scope.to, spans);
    const rolled = segments.filter((segment) => segment.span !== null);
    const raw = segments.filter((segment) => segment.span === null);
    // The rollup rows summed per bucket here (bin by bin for the histograms): a row per bucket
    // leaves the database instead of one per instance-hour and instance-day.
    const rollups = rolled.length
      ? await this.em.execute<RollupRow[]>(
          `select ${unit ? epochMs(`date_trunc('${unit}', "bucket_start", 'UTC')`) : 'null::float8'} as "bucket_ms", ${SUM_COUNTS}, ${sumHistogramsSql('"durations"')} as "durations"
           from (${rolled
             .map(() => `select "bucket_start", "runs", "failures", ${ROLLUP_CATEGORIES}, "durations" from "execution_rollups"
                         where ${owned.sql}${every ? ` and "n8n_workflow_id" = ''` : ''} and "span" = ? and "bucket_start" >= ? and "bucket_start" < ?`)
             .join(' union all ')}) p group by 1`,
          rolled.flatMap((segment) => [...owned.params, segment.span, segment.from, segment.to]),
        )
      : [];
    const executions = raw.length
      ? await this.em.execute<RawRow[]>(
          raw.map(() => `select ${epochMs('"started_at"')} as "started_ms", "status", "error_category", "duration_ms" from "executions" where ${owned.sql} and "started_at" >= ? and "started_at" < ?`).join(' union all '),
          raw.flatMap((segment) => [...owned.params, segment.from, segment.to]),
        )
      : [];
    const whole = new Tally();
    const buckets = new Map<number, Tally>();
    const bucketOf = (ms: number) => {
      if (!unit) return null;
      const start = Math.floor(ms / SPAN_MS[unit]) * SPAN_MS[unit];
      let tally = buckets.get(start);
      if (!tally) buckets.set(start, (tally = new Tally()));
      return tally;
    };
    for (const row of rollups) {
      whole.addRollup(row);
      if (row.bucket_ms !== null) bucketOf(row.bucket_ms)?.addRollup(row);
    }
    for (const row of executions) {
      whole.addExecution(row);
      bucketOf(row.started_ms)?.addExecution(row);
    }
    return [whole.row(null), ...[...buckets.entries()].sort(([a], [b]) => a - b).map(([start, tally]) => tally.row(start))];
  }

  /**
   * The conditions of what a read may count: the user's own executions (or rollups), not of an
   * instance they deleted (or of the one asked for, if it is theirs and not deleted), of the
   * workflow asked for. Null when none can match. Instances are named by id: a subquery, or
   * naming every live one, made the planner guess far too few rows (it takes user and instance
   * as independent) and sort them all.
   */
  private async owned({ userId, instanceId, workflowId }: ExecutionScope): Promise<OwnedScope | null> {
    const owned = await this.em.createQueryBuilder(Instance).select(['id', 'deletedAt']).where({ userId }).execute<{ id: string; deletedAt: Date | string | null }[]>('all');
    const conditions = [`"user_id" = ?`];
    const params: unknown[] = [userId];
    if (instanceId !== undefined) {
      if (!owned.some((row) => row.id === instanceId && row.deletedAt === null)) return null;
      conditions.push(`"instance_id" = ?`);
      params.push(instanceId);
    } else {
      const deleted = owned.filter((row) => row.deletedAt !== null).map((row) => row.id);
      if (deleted.length) {
        conditions.push(`"instance_id" not in (${deleted.map(() => '?').join(', ')})`);
        params.push(...deleted);
      }
    }
    if (workflowId !== undefined) {
      conditions.push(`"n8n_workflow_id" = ?`);
      params.push(workflowId);
    }
    return { sql: conditions.join(' and '), params };
  }
}

/** The category with the most failures (the first by name on a tie, as SQL's `mode()`); null with none. */
function topCategory(counts: Record<ErrorCategory, number>): ErrorCategory | null {
  let top: ErrorCategory | null = null;
  for (const category of [...ERROR_CATEGORIES].sort()) if (counts[category] > 0 && (top === null || counts[category] > counts[top])) top = category;
  return top;
}
