// The background's half of the debugger panel: it talks to n8n (with the page's session cookie,
// the host permission the user granted makes it same-site) and digests executions, so the
// content script stays small and never holds a credential.
import { toCurl } from '@ai-http/shared/curl/export';
import { AppError } from '@ai-http/shared/errors';
import { createN8nClient } from '@ai-http/shared/n8n/client';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { fromHttpRequestNode, HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/http-request-node';
import { onMessage, type Result } from './messages.ts';

async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'INTERNAL', message: (error as Error).message } };
  }
}

const client = (n8nBase: string) => createN8nClient({ baseUrl: n8nBase, timeoutMs: 8_000, retries: 1 });

export function startDebuggerService(): void {
  onMessage('listExecutions', ({ data }) =>
    attempt(async () => {
      const page = await client(data.n8nBase).listExecutions({ workflowId: data.workflowId, limit: 20 });
      return page.data.map((e) => ({ id: e.id, status: e.status, mode: e.mode, startedAt: e.startedAt ?? null, stoppedAt: e.stoppedAt ?? null }));
    }),
  );
  onMessage('executionDigest', ({ data }) => attempt(async () => summarizeExecution(await client(data.n8nBase).getExecution(data.executionId, { includeData: true }))));
  onMessage('retryExecution', ({ data }) => attempt(async () => ({ executionId: (await client(data.n8nBase).retryExecution(data.executionId)).id })));
  onMessage('executionCurl', ({ data }) =>
    attempt(async () => {
      const digest = summarizeExecution(await client(data.n8nBase).getExecution(data.executionId, { includeData: true }));
      if (digest.failingNode?.type !== HTTP_REQUEST_NODE_TYPE) throw new AppError('BAD_REQUEST', 'Only a failed HTTP Request node can be copied as cURL.');
      return toCurl(fromHttpRequestNode({ parameters: digest.failingNode.parameters }));
    }),
  );
}
