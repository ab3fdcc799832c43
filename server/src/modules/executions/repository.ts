import type { EntityManager } from '@mikro-orm/sql';
import type { N8nWorkflow } from '@ai-http/shared/n8n/client';
import { ERROR_CATEGORIES, type ErrorCategory, type ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { outlineWorkflowNodes } from '@ai-http/shared/n8n/workflow-outline';
import type { Cursor } from '../../db/cursor.ts';
import { Instance } from '../instances/entity.ts';
import { Execution, Workflow } from './entity.ts';

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
      { userId: instance.userId, instanceId: instance.id, n8nExecutionId: digest.executionId, n8nWorkflowId: digest.workflowId, status: digest.status, mode: digest.mode, startedAt: toDate(digest.startedAt), stoppedAt: toDate(digest.stoppedAt), digest, errorCategory: digest.error?.category ?? null, durationMs: digest.durationMs === null ? null : Math.round(digest.durationMs) },
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

const toDate = (value: string | null) => (value === null ? null : new Date(value));

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
const PERCENTILES = `percentile_disc(0.5) within group (order by "duration_ms") as "p50", percentile_disc(0.95) within group (order by "duration_ms") as "p95"`;
const COUNTS = `count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures"`;
/** Failures per category as columns of one pass (a failure without a category is `unknown`). */
const CATEGORY_COUNTS = ERROR_CATEGORIES.map((category) => `(count(*) filter (where ${FAILED} and coalesce("error_category", 'unknown') = '${category}'))::int as "${category}"`).join(', ');

/**
 * The dashboard's reads of the stored execution summaries. Raw SQL: the ordered-set aggregates
 * (percentiles, mode), grouping sets and bucketing by `date_trunc` have no query-builder form.
 * Every query is scoped to the user's own executions, leaving out instances they deleted (see
 * `scoped`), and reads them through the indexes by user of migration 0004.
 */
export class ExecutionReadRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** Per workflow that ran in the window: runs, failures, last run, p95 duration, top category. */
  async workflowHealth(scope: ExecutionScope, limit: number): Promise<WorkflowHealthRow[]> {
    const where = await this.scoped(scope);
    if (!where) return [];
    return this.em.execute<WorkflowHealthRow[]>(
      `select g.*, w."name" from (
         select "instance_id", "n8n_workflow_id", ${COUNTS}, ${epochMs('max("started_at")')} as "last_run_at",
                percentile_disc(0.95) within group (order by "duration_ms") as "p95",
                mode() within group (order by coalesce("error_category", 'unknown')) filter (where ${FAILED}) as "top_category"
         from "executions" where ${where.sql}
         group by "instance_id", "n8n_workflow_id"
       ) g left join "workflows" w on w."instance_id" = g."instance_id" and w."n8n_workflow_id" = g."n8n_workflow_id" and w."deleted_at" is null
       order by g."failures" desc, g."runs" desc, g."instance_id", g."n8n_workflow_id" limit ?`,
      [...where.params, limit],
    );
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
    const where = await this.scoped(filter);
    if (!where) return [];
    const conditions = [where.sql];
    const params = [...where.params];
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
  async buckets(scope: ExecutionScope, unit: 'hour' | 'day'): Promise<BucketRow[]> {
    const where = await this.scoped(scope);
    if (!where) return [];
    return this.em.execute<BucketRow[]>(
      `select ${epochMs('"bucket"')} as "bucket", ${COUNTS}, ${CATEGORY_COUNTS}, ${PERCENTILES}
       from (select date_trunc(?, "started_at", 'UTC') as "bucket", "status", "error_category", "duration_ms" from "executions" where ${where.sql}) e
       group by grouping sets (("bucket"), ()) order by "bucket" nulls first`,
      [unit, ...where.params],
    );
  }

  /** Runs, failures and duration percentiles of a whole window (the one before, for comparison). */
  async period(scope: ExecutionScope): Promise<PeriodRow> {
    const where = await this.scoped(scope);
    if (!where) return { runs: 0, failures: 0, p50: null, p95: null };
    const [row] = await this.em.execute<PeriodRow[]>(`select ${COUNTS}, ${PERCENTILES} from "executions" where ${where.sql}`, where.params);
    return row!;
  }

  /**
   * The WHERE clause of a read: the user's own executions, not of an instance they deleted (or
   * of the one asked for, if it is theirs and not deleted), started in the window. Null when
   * none can match. Instances are named by id: a subquery, or naming every live one, made the
   * planner guess far too few rows (it takes user and instance as independent) and sort them all.
   */
  private async scoped({ userId, from, to, instanceId, workflowId }: ExecutionScope): Promise<{ sql: string; params: unknown[] } | null> {
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
    // Executions with no start time have no place in time: the read models leave them out.
    conditions.push(from ? `"started_at" >= ?` : `"started_at" is not null`);
    if (from) params.push(from);
    if (to) {
      conditions.push(`"started_at" < ?`);
      params.push(to);
    }
    if (workflowId !== undefined) {
      conditions.push(`"n8n_workflow_id" = ?`);
      params.push(workflowId);
    }
    return { sql: conditions.join(' and '), params };
  }
}
