import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { normalizeBaseUrl } from '../url.ts';

/**
 * n8n's public API (`/api/v1`), typed with zod, on ky: retries with backoff on 429 and 5xx,
 * a timeout per attempt, and failures turned into the product's error codes, so a dead n8n, a
 * wrong key and "that is not n8n" each read differently.
 */
export interface N8nClientOptions {
  baseUrl: string;
  /** The instance's API key (X-N8N-API-KEY). Without it, the browser's session cookie is sent (same-origin). */
  apiKey?: string;
  /** Outside a browser, the n8n session cookie to send (`n8n-auth=…`); n8n 2.x accepts it on the public API. */
  cookie?: string;
  timeoutMs?: number;
  retries?: number;
  fetch?: typeof fetch;
}

export const n8nWorkflowSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  active: z.boolean().default(false),
  nodes: z.array(z.unknown()).default([]),
  connections: z.record(z.string(), z.unknown()).default({}),
  updatedAt: z.string().optional(),
});
export type N8nWorkflow = z.infer<typeof n8nWorkflowSchema>;

export const n8nExecutionSchema = z.looseObject({
  id: z.coerce.string(),
  workflowId: z.coerce.string(),
  status: z.string().default('unknown'),
  mode: z.string().default('unknown'),
  finished: z.boolean().optional(),
  startedAt: z.string().nullable().optional(),
  stoppedAt: z.string().nullable().optional(),
  retryOf: z.coerce.string().nullable().optional(),
  data: z.unknown().optional(),
});
export type N8nExecution = z.infer<typeof n8nExecutionSchema>;

const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });

export interface ListExecutionsOptions {
  workflowId?: string;
  status?: 'error' | 'success' | 'waiting' | 'running' | 'canceled' | 'crashed';
  includeData?: boolean;
  limit?: number;
  cursor?: string;
}

export interface N8nClient {
  listWorkflows(options?: { limit?: number; cursor?: string; active?: boolean }): Promise<{ data: N8nWorkflow[]; nextCursor: string | null }>;
  getWorkflow(id: string): Promise<N8nWorkflow>;
  listExecutions(options?: ListExecutionsOptions): Promise<{ data: N8nExecution[]; nextCursor: string | null }>;
  /** Every execution matching, newest first, page after page. */
  executions(options?: Omit<ListExecutionsOptions, 'cursor'>): AsyncGenerator<N8nExecution>;
  getExecution(id: string, options?: { includeData?: boolean }): Promise<N8nExecution>;
  retryExecution(id: string): Promise<N8nExecution>;
  /** Creates a credential (`data` holds the secret; n8n stores it encrypted and never returns it). */
  createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string; type: string }>;
}

export function createN8nClient({ baseUrl, apiKey, cookie, timeoutMs = 10_000, retries = 2, fetch: fetchImpl }: N8nClientOptions): N8nClient {
  const root = normalizeBaseUrl(baseUrl);
  const api: KyInstance = ky.create({
    prefix: `${root}/api/v1/`,
    timeout: timeoutMs,
    retry: { limit: retries, methods: ['get', 'post'], statusCodes: [408, 429, 500, 502, 503, 504], backoffLimit: 5_000, jitter: true },
    headers: { accept: 'application/json', ...(apiKey ? { 'X-N8N-API-KEY': apiKey } : {}), ...(cookie ? { cookie } : {}) },
    credentials: apiKey ? 'omit' : 'include',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });

  async function call<T extends z.ZodType>(schema: T, path: string, init: { method?: 'get' | 'post'; searchParams?: Record<string, string | number | boolean | undefined>; json?: unknown; retry?: number } = {}): Promise<z.output<T>> {
    const searchParams = Object.fromEntries(Object.entries(init.searchParams ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
    let text: string;
    try {
      // ky's timeout ends when the headers arrive; this deadline also covers the body, which an
      // answer that trickles in would otherwise hold open for ever: every try, and a pause between tries.
      const deadline = AbortSignal.timeout(timeoutMs * ((init.retry ?? retries) + 1) + 5_000);
      const response = await api(path, { method: init.method ?? 'get', searchParams, signal: deadline, ...(init.json === undefined ? {} : { json: init.json }), ...(init.retry === undefined ? {} : { retry: init.retry }) });
      text = await readText(response, deadline);
    } catch (error) {
      throw await describeFailure(error, root);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('NOT_N8N', `${root} answered /api/v1/${path} with something that is not JSON: check the URL points at n8n itself.`, { url: root });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AppError('N8N_VERSION_UNSUPPORTED', `n8n answered /api/v1/${path} in a shape this version of AI-HTTP does not know.`, { url: root, issues: parsed.error.issues.slice(0, 5) });
    return parsed.data;
  }

  const client: N8nClient = {
    async listWorkflows({ limit, cursor, active } = {}) {
      const result = await call(page(n8nWorkflowSchema), 'workflows', { searchParams: { limit, cursor, active } });
      return { data: result.data, nextCursor: result.nextCursor ?? null };
    },
    getWorkflow: (id) => call(n8nWorkflowSchema, `workflows/${encodeURIComponent(id)}`),
    async listExecutions({ workflowId, status, includeData, limit, cursor } = {}) {
      const result = await call(page(n8nExecutionSchema), 'executions', { searchParams: { workflowId, status, includeData, limit, cursor } });
      return { data: result.data, nextCursor: result.nextCursor ?? null };
    },
    async *executions(options = {}) {
      let cursor: string | undefined;
      do {
        const result = await client.listExecutions({ ...options, ...(cursor ? { cursor } : {}) });
        yield* result.data;
        cursor = result.nextCursor ?? undefined;
      } while (cursor);
    },
    getExecution: (id, { includeData = true } = {}) => call(n8nExecutionSchema, `executions/${encodeURIComponent(id)}`, { searchParams: { includeData } }),
    retryExecution: (id) => call(n8nExecutionSchema, `executions/${encodeURIComponent(id)}/retry`, { method: 'post' }),
    // Not retried: a create that timed out may have happened, and a retry would make a second one.
    createCredential: (credential) => call(z.object({ id: z.coerce.string(), name: z.string(), type: z.string() }), 'credentials', { method: 'post', json: credential, retry: 0 }),
  };
  return client;
}

/** A response's body as text, given up (the body cancelled, the connection dropped) when `signal` aborts. */
async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    if (signal.aborted) throw signal.reason;
    return text + decoder.decode();
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

async function describeFailure(error: unknown, root: string): Promise<AppError> {
  if (isHTTPError(error)) {
    const status = error.response.status;
    const body = await error.response.text().catch(() => '');
    if (status === 401 || status === 403) return new AppError('N8N_UNAUTHORIZED', `n8n at ${root} refused the credentials (${status}): check the API key, or sign in to n8n again.`, { url: root, status });
    if (status === 404) {
      const looksLikeN8n = /"message"\s*:/.test(body);
      return looksLikeN8n
        ? new AppError('NOT_FOUND', `n8n at ${root} has no such item.`, { url: root, status })
        : new AppError('NOT_N8N', `${root} has no n8n public API (/api/v1): check the URL, and that the public API is not disabled.`, { url: root, status });
    }
    return new AppError('N8N_UNREACHABLE', `n8n at ${root} answered ${status} after retries: it may be overloaded or restarting.`, { url: root, status });
  }
  if (isTimeoutError(error)) return new AppError('N8N_UNREACHABLE', `n8n at ${root} did not answer in time.`, { url: root, reason: 'timeout' });
  if (isNetworkError(error) || error instanceof TypeError) {
    const cause = (error as { cause?: { code?: string; cause?: { code?: string } } }).cause;
    const code = cause?.code ?? cause?.cause?.code;
    return new AppError('N8N_UNREACHABLE', `n8n at ${root} could not be reached${code ? ` (${code})` : ''}: is it running, and is the URL right?`, { url: root, reason: code ?? 'network' });
  }
  return new AppError('N8N_UNREACHABLE', `n8n at ${root} could not be reached: ${(error as Error).message}`, { url: root });
}
