// The extension's client for the optional AI-HTTP server (its REST API under /api/v1). It runs
// in the background only: tokens stay in the extension origin and never reach a page. Every
// answer is validated with the server's own shapes from shared/, so a server that answers
// something else is reported, not half-read.
import { apiKeyView, createdApiKeyView, deletedSchema, instanceView, pageSchema, sessionView, type ApiKeyView, type InstanceView } from '@ai-http/shared/api/resources';
import { aiStatusView, askEventSchema, explainEventSchema } from '@ai-http/shared/api/ai';
import type { AskEvent, ExplainEvent } from '@ai-http/shared/ai/run';
import { AppError, errorEnvelopeSchema } from '@ai-http/shared/errors';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { pullResponseSchema, pushResponseSchema, SYNC_PROTOCOL_VERSION, type PushRequest } from '@ai-http/shared/sync/protocol';
import { CLIENT_HEADER, clientId } from '@ai-http/shared/version';
import ky, { HTTPError, type KyInstance } from 'ky';
import { z } from 'zod';

export interface ServerSession {
  serverUrl: string;
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

export type ServerInstance = InstanceView;

const dataOf = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });
const instancePage = dataOf(pageSchema(instanceView.field));
const session = dataOf(sessionView.field);
const anything = dataOf(z.unknown());

/**
 * Calls the server, mapping its error envelope (and an unreachable server) to AppErrors. Every
 * request names the extension's version (`client`), so a server that does not speak it answers
 * CLIENT_UNSUPPORTED, whose message the options page and the panel show.
 */
export function createServerApi(serverUrl: string, { timeoutMs = 8_000, client = clientId('extension') }: { timeoutMs?: number; client?: string } = {}) {
  const http: KyInstance = ky.create({ prefix: `${normalizeBaseUrl(serverUrl)}/api/v1/`, timeout: timeoutMs, retry: 0, headers: { [CLIENT_HEADER]: client } });
  async function call<T extends z.ZodType>(answer: T, method: 'get' | 'post' | 'patch' | 'delete', path: string, { json, token }: { json?: unknown; token?: string } = {}): Promise<z.output<T>> {
    let body: unknown;
    try {
      body = await http(path, { method, ...(json === undefined ? {} : { json }), headers: token ? { authorization: `Bearer ${token}` } : {} }).json();
    } catch (error) {
      if (error instanceof HTTPError) {
        const envelope = errorEnvelopeSchema.safeParse(error.data);
        if (envelope.success) throw new AppError(envelope.data.error.code, envelope.data.error.message, envelope.data.error.details ?? null);
        throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server answered ${error.response.status}.`);
      }
      throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server at ${serverUrl} does not answer. Check the address, or use AI-HTTP without it.`);
    }
    const parsed = answer.safeParse(body);
    if (!parsed.success) throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server at ${serverUrl} answered in a shape this extension does not know (${method.toUpperCase()} ${path}). Update the extension or the server.`);
    return parsed.data;
  }
  const toSession = ({ data }: z.output<typeof session>): ServerSession => ({ serverUrl, email: data.user.email, userId: data.user.id, accessToken: data.accessToken, refreshToken: data.refreshToken });
  return {
    login: async (email: string, password: string) => toSession(await call(session, 'post', 'auth/login', { json: { email, password } })),
    register: async (input: { email: string; password: string; name: string }) => toSession(await call(session, 'post', 'auth/register', { json: input })),
    listApiKeys: async (token: string): Promise<ApiKeyView[]> => (await call(dataOf(pageSchema(apiKeyView.field)), 'get', 'api-keys?limit=100', { token })).data.items,
    createApiKey: async (token: string, input: { name: string; scopes: ('read' | 'write')[] }) => (await call(dataOf(createdApiKeyView), 'post', 'api-keys', { token, json: input })).data,
    /** GETs any answer under /api/v1 with the token (the dashboard's read models), validated with its shape. */
    read: async <T extends z.ZodType>(token: string, path: string, answer: T): Promise<z.output<T>> => ((await call(dataOf(answer), 'get', path, { token })) as { data: z.output<T> }).data,
    /** Sends a write (POST, PATCH, DELETE) under /api/v1 with the token (the account's profile and sessions), its answer validated with its shape. */
    write: async <T extends z.ZodType>(token: string, method: 'post' | 'patch' | 'delete', path: string, answer: T, json?: unknown): Promise<z.output<T>> => ((await call(dataOf(answer), method, path, { token, json })) as { data: z.output<T> }).data,
    revokeApiKey: async (token: string, id: string) => void (await call(dataOf(deletedSchema), 'delete', `api-keys/${encodeURIComponent(id)}`, { token })),
    refresh: async (refreshToken: string) => toSession(await call(session, 'post', 'auth/refresh', { json: { refreshToken } })),
    logout: async (refreshToken: string) => void (await call(anything, 'post', 'auth/logout', { json: { refreshToken } })),
    listInstances: async (token: string) => (await call(instancePage, 'get', 'instances?limit=100', { token })).data.items,
    syncPush: async (token: string, push: PushRequest) => (await call(dataOf(pushResponseSchema), 'post', 'sync/push', { token, json: push })).data,
    syncPull: async (token: string, query: { clientId: string; cursor: number; limit: number }) =>
      (await call(dataOf(pullResponseSchema), 'get', `sync/pull?v=${SYNC_PROTOCOL_VERSION}&clientId=${encodeURIComponent(query.clientId)}&cursor=${query.cursor}&limit=${query.limit}`, { token })).data,
    createInstance: async (token: string, instance: { name: string; url: string; apiKey: string }) => (await call(dataOf(instanceView.field), 'post', 'instances', { token, json: instance })).data,
    aiStatus: async (token: string) => (await call(dataOf(aiStatusView.field), 'get', 'ai/status', { token })).data,
    /** POST /ai/request: its JSON lines, each checked, as they come (no timeout of ours: the server bounds the call). */
    aiRequest: (token: string, input: { query: string; candidates: unknown[] }, signal: AbortSignal) => aiLines<AskEvent>(`${normalizeBaseUrl(serverUrl)}/api/v1/ai/request`, token, client, input, signal, askEventSchema),
    /** POST /ai/explain: what was sent, the explanation as it comes, then the fixes (JSON lines, each checked). */
    aiExplain: (token: string, input: { digest: unknown; language: 'en' | 'ar' }, signal: AbortSignal) => aiLines<ExplainEvent>(`${normalizeBaseUrl(serverUrl)}/api/v1/ai/explain`, token, client, input, signal, explainEventSchema),
  };
}
export type ServerApi = ReturnType<typeof createServerApi>;

async function* aiLines<E>(url: string, token: string, client: string, input: unknown, signal: AbortSignal, schema: z.ZodType): AsyncGenerator<E> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [CLIENT_HEADER]: client }, body: JSON.stringify(input), signal }).catch(() => {
    throw new AppError('SERVER_UNREACHABLE', 'The AI-HTTP server does not answer.');
  });
  if (!response.ok || !response.body) {
    const envelope = errorEnvelopeSchema.safeParse(await response.json().catch(() => null));
    throw envelope.success ? new AppError(envelope.data.error.code, envelope.data.error.message) : new AppError('SERVER_UNREACHABLE', `The AI-HTTP server answered ${response.status}.`);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield schema.parse(JSON.parse(line)) as E;
      newline = buffer.indexOf('\n');
    }
  }
}
