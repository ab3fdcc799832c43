import type { Services } from '../../services.ts';
import { n8nClientFor } from '../instances/n8n-access.ts';
import { InstanceRepository } from '../instances/repository.ts';
import { inOrder, syncWorkflows } from './poller.ts';
import { ExecutionRepository } from './repository.ts';

/**
 * The scheduled job "workflow-sync": every instance's workflows, stored again. An instance the
 * poller found down (status ERROR) is left to the poller's backoff; one that cannot be reached
 * now is skipped; the run fails only when every instance failed, which says the server, not one
 * n8n, has a problem.
 */
export async function syncEveryInstanceWorkflows(services: Services): Promise<void> {
  const ids = await new InstanceRepository(services.database.fork()).activeIds();
  const failures = (
    await inOrder(ids, async (id) => {
      try {
        await syncInstanceWorkflows(services, id);
        return null;
      } catch (error) {
        services.logger.debug({ err: error, instanceId: id }, 'workflow sync skipped an instance');
        return error;
      }
    })
  ).filter((failure) => failure !== null);
  if (ids.length && failures.length === ids.length) throw new Error(`workflow sync failed for all ${ids.length} instances`, { cause: failures[0] });
}

/** One instance's workflows, stored again (nothing when it is gone or down). */
export async function syncInstanceWorkflows(services: Services, instanceId: string): Promise<void> {
  const row = await new InstanceRepository(services.database.fork()).forPolling(instanceId);
  if (!row || row.status === 'ERROR') return;
  await syncWorkflows(await n8nClientFor(services, row, { timeoutMs: 10_000, retries: 1 }), { id: row.id, userId: row.userId }, new ExecutionRepository(services.database.fork()));
}

/** Retention for one instance: the newest EXECUTION_RETENTION_COUNT executions per workflow, none older than EXECUTION_RETENTION_DAYS. */
export async function applyInstanceRetention(services: Services, instanceId: string): Promise<void> {
  const { retentionDays: days, retentionCount: count } = services.config.poller;
  await new ExecutionRepository(services.database.fork()).applyRetention(instanceId, { days, count });
}

/** The scheduled job "execution-retention": retention for every instance. */
export async function applyRetentionEverywhere(services: Services): Promise<void> {
  for (const id of await new InstanceRepository(services.database.fork()).activeIds()) await applyInstanceRetention(services, id);
}
