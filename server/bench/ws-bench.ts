// What the WebSocket benchmarks (ws-fanout, ws-cluster) share: the ~1.3 KB execution.failed event
// they broadcast, and the question-and-answer over IPC with their helper processes.
import type { ChildProcess } from 'node:child_process';
import type { ExecutionEvent } from '@ai-http/shared/realtime/protocol';

/** Event `n` of instance `instanceId`; `pad` bytes added to its input items make a large event. */
export const benchEvent = (n: number, { instanceId = 'bench', pad = 0 }: { instanceId?: string; pad?: number } = {}): ExecutionEvent => ({
  type: 'execution.failed',
  instanceId,
  workflowId: 'wf1',
  executionId: String(n),
  digest: {
    v: 1, executionId: String(n), workflowId: 'wf1', status: 'error', mode: 'webhook',
    startedAt: '2026-11-24T10:00:00.000Z', stoppedAt: '2026-11-24T10:00:01.000Z', durationMs: 1000, retryOf: null,
    failingNode: { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: { method: 'GET', url: 'http://127.0.0.1:9/orders' } },
    error: { category: 'connection', name: 'NodeApiError', message: 'The service refused the connection - perhaps it is offline', httpCode: null, description: 'connect ECONNREFUSED 127.0.0.1:9' },
    explanation: 'n8n could not open a connection to the address in the URL field.',
    fixes: ['Check the URL and port.', 'Turn on Retry On Fail in the node settings.'],
    inputItems: { items: [{ json: { orderId: 1234, customer: 'ada@example.com', ...(pad ? { blob: 'x'.repeat(pad) } : {}) } }], total: 1, truncated: false },
    executionPath: ['Webhook', 'Call API'],
    timings: [{ node: 'Webhook', startTime: 1, executionTimeMs: 1, status: 'success', runIndex: 0 }, { node: 'Call API', startTime: 2, executionTimeMs: 5, status: 'error', runIndex: 0 }],
  },
});

/** Sends `message` to a helper process and waits for its answer of kind `reply`. */
export function ask<T>(child: ChildProcess, message: object, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: { kind: string }) => {
      if (m.kind !== reply) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}
