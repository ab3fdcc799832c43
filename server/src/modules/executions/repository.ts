import type { EntityManager } from '@mikro-orm/sql';
import type { N8nWorkflow } from '@ai-http/shared/n8n/client';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import type { Cursor } from '../../db/cursor.ts';
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

  /** Brings the instance's workflows up to date (one statement per page); a workflow seen again is no longer deleted. */
  async saveWorkflows(instance: PolledInstance, workflows: readonly N8nWorkflow[]): Promise<void> {
    if (!workflows.length) return;
    await this.em.upsertMany(
      Workflow,
      workflows.map((workflow) => ({ userId: instance.userId, instanceId: instance.id, n8nWorkflowId: workflow.id, name: workflow.name, active: workflow.active, nodes: workflow.nodes, connections: workflow.connections, deletedAt: null })),
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
  started_at: number;
  stopped_at: number | null;
  duration_ms: number | null;
  error_category: string | null;
  failing_node: string | null;
  error_message: string | null;
}

export interface BucketRow {
  bucket: number;
  runs: number;
  failures: number;
  p50: number | null;
  p95: number | null;
}

export interface BucketCategoryRow {
  bucket: number;
  category: string;
  failures: number;
}

export interface PeriodRow {
  current: boolean;
  runs: number;
  failures: number;
  p50: number | null;
  p95: number | null;
}

/** What counts as a failure (see READ_RANGES in shared/api/resources.ts). */
const FAILED = `"status" in ('error', 'crashed')`;
/** A time as epoch milliseconds: raw rows carry timestamps as Postgres text, numbers are plain. */
const epochMs = (expression: string) => `(extract(epoch from ${expression}) * 1000)::float8`;

/**
 * The dashboard's reads of the stored execution summaries. Raw SQL: the ordered-set aggregates
 * (percentiles, mode) and bucketing by `date_trunc` have no query-builder form. Every query is
 * scoped to the user's own executions of instances they have not deleted, and reads the
 * `executions_user_started` index (migration 0004) for the window.
 */
export class ExecutionReadRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** Per workflow that ran in the window: runs, failures, last run, p95 duration, top category. */
  async workflowHealth(scope: ExecutionScope, limit: number): Promise<WorkflowHealthRow[]> {
    const where = scoped(scope);
    return this.em.execute<WorkflowHealthRow[]>(
      `select g.*, w."name" from (
         select "instance_id", "n8n_workflow_id", count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
                ${epochMs('max("started_at")')} as "last_run_at", percentile_disc(0.95) within group (order by "duration_ms") as "p95",
                mode() within group (order by coalesce("error_category", 'unknown')) filter (where ${FAILED}) as "top_category"
         from "executions" where ${where.sql}
         group by "instance_id", "n8n_workflow_id"
       ) g left join "workflows" w on w."instance_id" = g."instance_id" and w."n8n_workflow_id" = g."n8n_workflow_id" and w."deleted_at" is null
       order by g."failures" desc, g."runs" desc, g."instance_id", g."n8n_workflow_id" limit ?`,
      [...where.params, limit],
    );
  }

  /** A page of summaries, newest start first; `after` is the last row of the page before. */
  async list(filter: ExecutionListFilter): Promise<ExecutionSummaryRow[]> {
    const where = scoped(filter);
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
    return this.em.execute<ExecutionSummaryRow[]>(
      `select "id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", ${epochMs('"started_at"')} as "started_at", ${epochMs('"stopped_at"')} as "stopped_at", "duration_ms", "error_category",
              "digest" -> 'failingNode' ->> 'name' as "failing_node", "digest" -> 'error' ->> 'message' as "error_message"
       from "executions" where ${conditions.join(' and ')}
       order by "started_at" desc, "id" desc limit ?`,
      [...params, filter.limit],
    );
  }

  /** Runs, failures and duration percentiles per UTC `unit` (hour or day) of the window. */
  async buckets(scope: ExecutionScope, unit: 'hour' | 'day'): Promise<BucketRow[]> {
    const where = scoped(scope);
    return this.em.execute<BucketRow[]>(
      `select ${epochMs(`date_trunc(?, "started_at", 'UTC')`)} as "bucket", count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
              percentile_disc(0.5) within group (order by "duration_ms") as "p50", percentile_disc(0.95) within group (order by "duration_ms") as "p95"
       from "executions" where ${where.sql} group by 1 order by 1`,
      [unit, ...where.params],
    );
  }

  /** Failures per UTC `unit` and category (a failure without one is `unknown`). */
  async bucketCategories(scope: ExecutionScope, unit: 'hour' | 'day'): Promise<BucketCategoryRow[]> {
    const where = scoped(scope);
    return this.em.execute<BucketCategoryRow[]>(
      `select ${epochMs(`date_trunc(?, "started_at", 'UTC')`)} as "bucket", coalesce("error_category", 'unknown') as "category", count(*)::int as "failures"
       from "executions" where ${where.sql} and ${FAILED} group by 1, 2 order by 1, 2`,
      [unit, ...where.params],
    );
  }

  /**
   * Totals of the window and of the one before it, in one scan: `scope` spans both (from the
   * previous period's start), and `currentFrom` splits them.
   */
  async periods(scope: ExecutionScope, currentFrom: Date): Promise<PeriodRow[]> {
    const where = scoped(scope);
    return this.em.execute<PeriodRow[]>(
      `select "started_at" >= ? as "current", count(*)::int as "runs", (count(*) filter (where ${FAILED}))::int as "failures",
              percentile_disc(0.5) within group (order by "duration_ms") as "p50", percentile_disc(0.95) within group (order by "duration_ms") as "p95"
       from "executions" where ${where.sql} group by 1`,
      [currentFrom, ...where.params],
    );
  }
}

/** The WHERE clause of a read: the user's own executions, of instances they still have. */
function scoped({ userId, from, to, instanceId, workflowId }: ExecutionScope): { sql: string; params: unknown[] } {
  const conditions = [`"user_id" = ?`, `"instance_id" in (select "id" from "instances" where "user_id" = ? and "deleted_at" is null)`];
  const params: unknown[] = [userId, userId];
  // Executions with no start time have no place in time: the read models leave them out.
  conditions.push(from ? `"started_at" >= ?` : `"started_at" is not null`);
  if (from) params.push(from);
  if (to) {
    conditions.push(`"started_at" < ?`);
    params.push(to);
  }
  if (instanceId !== undefined) {
    conditions.push(`"instance_id" = ?`);
    params.push(instanceId);
  }
  if (workflowId !== undefined) {
    conditions.push(`"n8n_workflow_id" = ?`);
    params.push(workflowId);
  }
  return { sql: conditions.join(' and '), params };
}
