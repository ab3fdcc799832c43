import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import type { WorkflowNodeOutline } from '@ai-http/shared/n8n/workflow-outline';
import { BaseEntity, RowEntity } from '../../db/base-entity.ts';

/** A workflow of an n8n instance, as the poller last saw it. */
export const Workflow = defineEntity({
  name: 'Workflow',
  tableName: 'workflows',
  extends: BaseEntity,
  properties: {
    userId: p.uuid(),
    instanceId: p.uuid(),
    n8nWorkflowId: p.string(),
    name: p.string(),
    active: p.boolean().default(false),
    /** Each node's outline only (no parameters beyond an HTTP request's, redacted). */
    nodes: p.json<WorkflowNodeOutline[]>(),
    connections: p.json<Record<string, unknown>>(),
  },
});
export type WorkflowEntity = InferEntity<typeof Workflow>;

/**
 * A summary of one execution (its digest), never the full execution data. Retention deletes
 * old ones outright: n8n keeps the executions themselves, so there is nothing to sync.
 */
export const Execution = defineEntity({
  name: 'Execution',
  tableName: 'executions',
  extends: RowEntity,
  properties: {
    userId: p.uuid(),
    instanceId: p.uuid(),
    n8nExecutionId: p.string(),
    n8nWorkflowId: p.string(),
    status: p.string(),
    mode: p.string(),
    startedAt: p.datetime().nullable(),
    stoppedAt: p.datetime().nullable(),
    digest: p.json<ExecutionDigest>().nullable(),
    /** Lifted out of the digest for the read models, which group and rank by them. */
    errorCategory: p.string().nullable(),
    durationMs: p.integer().nullable(),
  },
});
export type ExecutionEntity = InferEntity<typeof Execution>;
