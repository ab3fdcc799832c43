import type { ErrorCategory, ExecutionDigest, ExecutionStatus } from '@ai-http/shared/n8n/digest-schema';

const FAILED = new Set(['error', 'crashed']);

/** A stored execution's digest as the poller makes it: failures name a node, and an error when they have a category. */
export function digest(executionId: string, workflowId: string, status: ExecutionStatus, startedAt: number | null, durationMs: number | null, category: ErrorCategory | null): ExecutionDigest {
  const failed = FAILED.has(status);
  return {
    v: 1,
    executionId,
    workflowId,
    status,
    mode: 'webhook',
    startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    stoppedAt: startedAt === null || durationMs === null ? null : new Date(startedAt + durationMs).toISOString(),
    durationMs,
    retryOf: null,
    failingNode: failed ? { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: {} } : null,
    error: failed && category ? { category, name: 'NodeApiError', message: `failed: ${category}`, httpCode: null, description: null } : null,
    explanation: null,
    fixes: [],
    inputItems: { items: [], total: 0, truncated: false },
    executionPath: [],
    timings: [],
  } as ExecutionDigest;
}

/** A small seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
