import type { EntityManager } from '@mikro-orm/sql';
import type { N8nWorkflow } from '@ai-http/shared/n8n/client';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { outlineWorkflowNodes } from '@ai-http/shared/n8n/workflow-outline';
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
      { userId: instance.userId, instanceId: instance.id, n8nExecutionId: digest.executionId, n8nWorkflowId: digest.workflowId, status: digest.status, mode: digest.mode, startedAt: toDate(digest.startedAt), stoppedAt: toDate(digest.stoppedAt), digest },
      { onConflictFields: ['instanceId', 'n8nExecutionId'], onConflictMergeFields: ['status', 'stoppedAt', 'digest'], disableIdentityMap: true },
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
