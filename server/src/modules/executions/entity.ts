import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';

/** A workflow of an n8n instance, as the poller last saw it. */
export const Workflow = defineEntity({
  name: 'Workflow',
  tableName: 'workflows',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid(),
    instanceId: p.uuid(),
    n8nWorkflowId: p.string(),
    name: p.string(),
    active: p.boolean().default(false),
    nodes: p.json<unknown[]>(),
    connections: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type WorkflowEntity = InferEntity<typeof Workflow>;

/** A summary of one execution (its digest), never the full execution data. */
export const Execution = defineEntity({
  name: 'Execution',
  tableName: 'executions',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid(),
    instanceId: p.uuid(),
    n8nExecutionId: p.string(),
    n8nWorkflowId: p.string(),
    status: p.string(),
    mode: p.string(),
    startedAt: p.datetime().nullable(),
    stoppedAt: p.datetime().nullable(),
    digest: p.json<ExecutionDigest>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ExecutionEntity = InferEntity<typeof Execution>;
