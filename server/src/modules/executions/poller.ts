import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import { createN8nClient, type N8nClient, type N8nExecution } from '@ai-http/shared/n8n/client';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { isOpenStatus } from '@ai-http/shared/n8n/digest-schema';
import type { ExecutionEventType } from '@ai-http/shared/realtime/protocol';
import type { Services } from '../../services.ts';
import { PollCoordinator } from './poll-coordinator.ts';

const FIRST_POLL_BACKFILL = 20;
/** Executions fetched with their data at the same time, per instance. */
const FETCH_CONCURRENCY = 4;
/** How far below the newest listed id the poller looks for executions n8n did not list yet. */
const GAP_WINDOW = 200;
const WORKFLOW_SYNC_MS = 30_000;
const CLEANUP_MS = 60 * 60_000;

interface InstanceRow {
  id: string;
  user_id: string;
  url: string;
  api_key_ciphertext: string;
  api_key_key_id: string;
  last_execution_id: string | null;
}

/** `work` over `items`, FETCH_CONCURRENCY at a time; results in the items' order. */
async function inOrder<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, items.length) }, worker));
  return results;
}

/** The fence moved on: another process holds this instance now. Stop without writing anything. */
class LostLease extends Error {}

/**
 * Polls n8n instances for new executions (incrementally, by the highest execution id seen),
 * stores their digests, keeps workflows up to date, applies retention, and publishes
 * execution.started / finished / failed events. Every write is fenced by the lease token.
 */
export function createExecutionPoller(services: Services, owner: string) {
  const { database, secretBox, eventLog, logger, metrics, config } = services;
  // Per-instance memory of this process while it holds the lease.
  const open = new Map<string, Set<string>>();
  const lastWorkflowSync = new Map<string, number>();
  const lastCleanup = new Map<string, number>();
  const em = () => database.orm.em.fork() as EntityManager;

  async function fenced(sql: string, params: unknown[], fence: number, instanceId: string): Promise<void> {
    const rows = await em().execute(`${sql} where "id" = ? and "poll_fence" <= ? returning "id"`, [...params, instanceId, fence]);
    if (!rows.length) throw new LostLease(`instance ${instanceId} is polled elsewhere now`);
  }

  async function publish(row: InstanceRow, execution: N8nExecution, type: ExecutionEventType, withData: N8nExecution | null) {
    const digest = summarizeExecution(withData ?? execution);
    if (type !== 'execution.started') {
      await em().execute(
        `insert into "executions" ("user_id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", "started_at", "stopped_at", "digest")
         values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
         on conflict ("instance_id", "n8n_execution_id") do update set "status" = excluded."status", "stopped_at" = excluded."stopped_at", "digest" = excluded."digest"`,
        [row.user_id, row.id, digest.executionId, digest.workflowId, digest.status, digest.mode, digest.startedAt, digest.stoppedAt, JSON.stringify(digest)],
      );
    }
    return { type, instanceId: row.id, workflowId: digest.workflowId, executionId: digest.executionId, digest };
  }

  async function syncWorkflows(client: N8nClient, row: InstanceRow) {
    let cursor: string | undefined;
    do {
      const page = await client.listWorkflows({ limit: 100, ...(cursor ? { cursor } : {}) });
      for (const workflow of page.data) {
        await em().execute(
          `insert into "workflows" ("user_id", "instance_id", "n8n_workflow_id", "name", "active", "nodes", "connections")
           values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
           on conflict ("instance_id", "n8n_workflow_id") do update set "name" = excluded."name", "active" = excluded."active", "nodes" = excluded."nodes", "connections" = excluded."connections", "deleted_at" = null`,
          [row.user_id, row.id, workflow.id, workflow.name, workflow.active, JSON.stringify(workflow.nodes), JSON.stringify(workflow.connections)],
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async function cleanup(row: Pick<InstanceRow, 'id'>) {
    const { retentionDays, retentionCount } = config.poller;
    await em().execute(
      `delete from "executions" where "instance_id" = ? and ("started_at" < now() - make_interval(days => ?) or "id" in (
         select "id" from (select "id", row_number() over (partition by "n8n_workflow_id" order by "started_at" desc nulls last) as "rank"
                           from "executions" where "instance_id" = ?) ranked where "rank" > ?))`,
      [row.id, retentionDays, row.id, retentionCount],
    );
  }

  async function pollOnce(instanceId: string, fence: number): Promise<void> {
    const [row] = (await em().execute('select "id", "user_id", "url", "api_key_ciphertext", "api_key_key_id", "last_execution_id" from "instances" where "id" = ? and "deleted_at" is null', [instanceId])) as InstanceRow[];
    if (!row) return;
    await fenced('update "instances" set "poll_fence" = ?', [fence], fence, instanceId);
    const client = createN8nClient({ baseUrl: row.url, apiKey: secretBox.decrypt(row.api_key_ciphertext, row.api_key_key_id), timeoutMs: 10_000, retries: 1 });
    try {
      const now = Date.now();
      if (now - (lastWorkflowSync.get(instanceId) ?? 0) > WORKFLOW_SYNC_MS) {
        await syncWorkflows(client, row);
        lastWorkflowSync.set(instanceId, now);
      }
      const last = row.last_execution_id === null ? null : Number(row.last_execution_id);
      const fresh: N8nExecution[] = [];
      for await (const execution of client.executions({ limit: 50 })) {
        if (last !== null && Number(execution.id) <= last) break;
        fresh.push(execution);
        if (last === null && fresh.length >= FIRST_POLL_BACKFILL) break;
      }
      fresh.reverse(); // oldest first, so events go out in order
      const events = [];
      const watching = open.get(instanceId) ?? new Set<string>();
      open.set(instanceId, watching);
      // n8n's list leaves out running executions, so one that started before a listed one and is
      // still running would end up below the new watermark, never listed again: watch those ids.
      if (last !== null && fresh.length) {
        const listed = new Set(fresh.map((e) => Number(e.id)));
        const top = Number(fresh.at(-1)!.id);
        for (let id = Math.max(last + 1, top - GAP_WINDOW); id < top; id++) if (!listed.has(id)) watching.add(String(id));
      }
      const ids = [...watching];
      const watched = await inOrder(ids, (id) => client.getExecution(id, { includeData: true }).catch((error: unknown) => (error instanceof AppError && error.code === 'NOT_FOUND' ? null : Promise.reject(error))));
      for (const [index, current] of watched.entries()) {
        // Not found: deleted, or an id n8n never used.
        if (!current) watching.delete(ids[index]!);
        else if (!isOpenStatus(current.status)) {
          watching.delete(ids[index]!);
          events.push(await publish(row, current, current.status === 'success' ? 'execution.finished' : 'execution.failed', current));
        }
      }
      const finished = await inOrder(
        fresh.filter((e) => !isOpenStatus(e.status)),
        (e) => client.getExecution(e.id, { includeData: true }),
      );
      const withData = new Map(finished.map((e) => [e.id, e]));
      for (const execution of fresh) {
        if (isOpenStatus(execution.status)) {
          watching.add(execution.id);
          if (last !== null) events.push(await publish(row, execution, 'execution.started', null));
          continue;
        }
        const full = withData.get(execution.id)!;
        const event = await publish(row, full, full.status === 'success' ? 'execution.finished' : 'execution.failed', full);
        // The first poll of an instance stores recent history without announcing it as new.
        if (last !== null) events.push(event);
      }
      // An n8n with no executions yet still gets its baseline ('0'), so the next poll announces.
      const newest = fresh.at(-1)?.id ?? row.last_execution_id ?? '0';
      await fenced('update "instances" set "last_execution_id" = ?, "status" = \'CONNECTED\', "last_sync" = now(), "last_error" = null', [newest], fence, instanceId);
      for (const event of events) await eventLog.publish(event);
      if (now - (lastCleanup.get(instanceId) ?? 0) > CLEANUP_MS) {
        await cleanup(row);
        lastCleanup.set(instanceId, now);
      }
    } catch (error) {
      if (error instanceof LostLease) throw error;
      const reason = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
      await fenced('update "instances" set "status" = \'ERROR\', "last_error" = ?', [reason], fence, instanceId).catch(() => undefined);
      throw error;
    }
  }

  const coordinator = new PollCoordinator({
    kv: services.kv,
    owner,
    listInstanceIds: async () => ((await em().execute('select "id" from "instances" where "deleted_at" is null')) as { id: string }[]).map((r) => r.id),
    pollOnce,
    onError: (instanceId, error, retryInMs) => {
      metrics.pollerErrors.inc();
      if (!(error instanceof LostLease)) logger.warn({ instanceId, retryInMs, err: error }, 'polling n8n failed; backing off');
    },
    onHeld: (count) => metrics.pollerInstances.set(count),
  });
  return { coordinator, pollOnce, cleanup };
}
