import { AppError } from '@ai-http/shared/errors';
import type { N8nClient, N8nExecution } from '@ai-http/shared/n8n/client';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { isOpenStatus } from '@ai-http/shared/n8n/digest-schema';
import type { ExecutionEventType } from '@ai-http/shared/realtime/protocol';
import { isStoreOutage } from '../../infra/database.ts';
import type { Services } from '../../services.ts';
import { n8nClientFor, reachProblem } from '../instances/n8n-access.ts';
import { InstanceRepository } from '../instances/repository.ts';
import { PollCoordinator } from './poll-coordinator.ts';
import { ExecutionRepository, type PolledInstance } from './repository.ts';

const FIRST_POLL_BACKFILL = 20;
/** Executions fetched with their data at the same time, per instance. */
const FETCH_CONCURRENCY = 4;
/** How far below the newest listed id the poller looks for executions n8n did not list yet. */
const GAP_WINDOW = 200;
/**
 * Bounds on what one poll reads from an n8n, whose address is the user's: a server that answers
 * with a next page for ever would otherwise be read for ever (rows, memory, requests). Past them
 * the poll stops; the newest executions are the ones kept.
 */
export const MAX_WORKFLOW_PAGES = 100;
export const MAX_NEW_EXECUTIONS_PER_POLL = 500;

/** `work` over `items`, FETCH_CONCURRENCY at a time; results in the items' order. */
export async function inOrder<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
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

const finishedEvent = (execution: N8nExecution): ExecutionEventType => (execution.status === 'success' ? 'execution.finished' : 'execution.failed');

/** Stores every workflow of the instance; answers their ids. */
export async function syncWorkflows(client: N8nClient, instance: PolledInstance, executions: ExecutionRepository): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await client.listWorkflows({ limit: 100, ...(cursor ? { cursor } : {}) });
    await executions.saveWorkflows(instance, page.data);
    for (const workflow of page.data) ids.add(workflow.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && ++pages < MAX_WORKFLOW_PAGES);
  return ids;
}

/**
 * Polls n8n instances for new executions (incrementally, by the highest execution id seen),
 * stores their digests, and publishes execution.started / finished / failed events. Every write
 * to the instance is fenced by the lease token. It syncs an instance's workflows when it first
 * polls it and when an execution names a workflow it does not know; the periodic workflow sync,
 * retention and the sync tombstones' purge are scheduled jobs (schedule.ts).
 */
export function createExecutionPoller(services: Services, owner: string) {
  const { database, eventLog, logger, metrics } = services;
  // Per-instance memory of this process while it holds the lease.
  const open = new Map<string, Set<string>>();
  const knownWorkflows = new Map<string, Set<string>>();

  async function pollOnce(instanceId: string, fence: number): Promise<void> {
    const instances = new InstanceRepository(database.fork());
    const executions = new ExecutionRepository(database.fork());
    const fenced = async (changes: Parameters<InstanceRepository['updateFenced']>[2]) => {
      if (!(await instances.updateFenced(instanceId, fence, changes))) throw new LostLease(`instance ${instanceId} is polled elsewhere now`);
    };
    const row = await instances.forPolling(instanceId);
    if (!row) return;
    await fenced({ pollFence: fence });
    const target: PolledInstance = { id: row.id, userId: row.userId };
    const publish = async (execution: N8nExecution, type: ExecutionEventType) => {
      const digest = summarizeExecution(execution);
      if (type !== 'execution.started') await executions.saveDigest(target, digest);
      return { type, instanceId: row.id, workflowId: digest.workflowId, executionId: digest.executionId, digest };
    };
    let client: N8nClient;
    const refreshWorkflows = async () => void knownWorkflows.set(instanceId, await syncWorkflows(client, target, executions));
    try {
      // Inside the try: a key that no longer decrypts (ENCRYPTION_KEY changed) shows as ERROR.
      client = await n8nClientFor(services, row, { timeoutMs: 10_000, retries: 1 });
      if (!knownWorkflows.has(instanceId)) await refreshWorkflows();
      const last = row.lastExecutionId === null || row.lastExecutionId === undefined ? null : Number(row.lastExecutionId);
      const fresh: N8nExecution[] = [];
      for await (const execution of client.executions({ limit: 50 })) {
        if (last !== null && Number(execution.id) <= last) break;
        fresh.push(execution);
        if (fresh.length >= (last === null ? FIRST_POLL_BACKFILL : MAX_NEW_EXECUTIONS_PER_POLL)) break;
      }
      fresh.reverse(); // oldest first, so events go out in order
      // A workflow made since the last sync: its row is there before its first execution's event.
      if (fresh.some((e) => !knownWorkflows.get(instanceId)?.has(e.workflowId))) await refreshWorkflows();
      const events = [];
      const watching = open.get(instanceId) ?? new Set<string>();
      open.set(instanceId, watching);
      // n8n's list leaves out running executions, so one that started before a listed one and is
      // still running would end up below the new watermark, never listed again: watch those ids.
      // Only for ids a double counts exactly: past 2^53, id++ stops moving and this loop never ended.
      if (last !== null && fresh.length && Number.isSafeInteger(last) && Number.isSafeInteger(Number(fresh.at(-1)!.id))) {
        const listed = new Set(fresh.map((e) => Number(e.id)));
        const top = Number(fresh.at(-1)!.id);
        for (let id = Math.max(last + 1, top - GAP_WINDOW); id < top; id++) if (!listed.has(id)) watching.add(String(id));
      }
      const ids = [...watching];
      // Forgotten once announced: an id dropped before a failed announcement would never be seen again.
      const settled: string[] = [];
      const watched = await inOrder(ids, (id) => client.getExecution(id, { includeData: true }).catch((error: unknown) => (error instanceof AppError && error.code === 'NOT_FOUND' ? null : Promise.reject(error))));
      for (const [index, current] of watched.entries()) {
        // Not found: deleted, or an id n8n never used.
        if (!current) watching.delete(ids[index]!);
        else if (!isOpenStatus(current.status)) {
          settled.push(ids[index]!);
          events.push(await publish(current, finishedEvent(current)));
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
          if (last !== null) events.push(await publish(execution, 'execution.started'));
          continue;
        }
        const full = withData.get(execution.id)!;
        const event = await publish(full, finishedEvent(full));
        // The first poll of an instance stores recent history without announcing it as new.
        if (last !== null) events.push(event);
      }
      // An n8n with no executions yet still gets its baseline ('0'), so the next poll announces.
      const newest = fresh.at(-1)?.id ?? row.lastExecutionId ?? '0';
      // Announced before the watermark moves: if Redis fails mid-way, the next poll lists these
      // executions again and announces what is missing (what the n8n hook or this poll announced
      // already is not announced again); moving the watermark first lost them.
      for (const event of events) await eventLog.publishOnce(event);
      for (const id of settled) watching.delete(id);
      await fenced({ lastExecutionId: newest, status: 'CONNECTED', lastSync: new Date(), lastError: null });
    } catch (error) {
      if (error instanceof LostLease) throw error;
      await fenced({ status: 'ERROR', lastError: reachProblem(error, row.url) }).catch(() => undefined);
      throw error;
    }
  }

  const coordinator = new PollCoordinator({
    kv: services.kv,
    owner,
    listInstanceIds: () => new InstanceRepository(database.fork()).activeIds(),
    pollOnce,
    onError: (instanceId, error, retryInMs) => {
      metrics.pollerErrors.inc();
      if (!(error instanceof LostLease)) logger.warn({ instanceId, retryInMs, err: error }, 'polling n8n failed; backing off');
    },
    onHeld: (count) => metrics.pollerInstances.set(count),
    // n8n's failures arrive as AppErrors (N8N_UNREACHABLE...); an unwrapped driver error is our database.
    isStoreDown: (error) => !(error instanceof AppError) && isStoreOutage(error),
  });
  return { coordinator, pollOnce };
}
