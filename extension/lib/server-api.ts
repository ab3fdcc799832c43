// The extension's client for the optional AI-HTTP server (its REST API under /api/v1). It runs
// in the background only: tokens stay in the extension origin and never reach a page.
import { AppError, type ErrorCode } from '@ai-http/shared/errors';
import ky, { HTTPError, type KyInstance } from 'ky';

export interface ServerSession {
  serverUrl: string;
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

interface Envelope<T> {
  success: boolean;
  data?: T;
  error?: { code: ErrorCode; message: string };
}

export interface ServerInstance {
  id: string;
  name: string;
  url: string;
}

/** Calls the server, mapping its error envelope (and an unreachable server) to AppErrors. */
export function createServerApi(serverUrl: string, { timeoutMs = 8_000 }: { timeoutMs?: number } = {}) {
  const http: KyInstance = ky.create({ prefix: `${serverUrl.replace(/\/+$/, '')}/api/v1/`, timeout: timeoutMs, retry: 0 });
  async function call<T>(method: 'get' | 'post', path: string, { json, token }: { json?: unknown; token?: string } = {}): Promise<T> {
    try {
      const body = await http(path, { method, ...(json === undefined ? {} : { json }), headers: token ? { authorization: `Bearer ${token}` } : {} }).json<Envelope<T>>();
      return body.data as T;
    } catch (error) {
      if (error instanceof HTTPError) {
        const envelope = error.data as Envelope<never> | undefined;
        if (envelope?.error) throw new AppError(envelope.error.code, envelope.error.message);
        throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server answered ${error.response.status}.`);
      }
      throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server at ${serverUrl} does not answer. Check the address, or use AI-HTTP without it.`);
    }
  }
  type Session = { user: { id: string; email: string }; accessToken: string; refreshToken: string };
  const toSession = (session: Session): ServerSession => ({ serverUrl, email: session.user.email, userId: session.user.id, accessToken: session.accessToken, refreshToken: session.refreshToken });
  return {
    login: async (email: string, password: string) => toSession(await call<Session>('post', 'auth/login', { json: { email, password } })),
    refresh: async (refreshToken: string) => toSession(await call<Session>('post', 'auth/refresh', { json: { refreshToken } })),
    logout: (refreshToken: string) => call<unknown>('post', 'auth/logout', { json: { refreshToken } }),
    listInstances: async (token: string) => (await call<{ items: ServerInstance[] }>('get', 'instances?limit=100', { token })).items,
    createInstance: (token: string, instance: { name: string; url: string; apiKey: string }) => call<ServerInstance>('post', 'instances', { token, json: instance }),
  };
}
export type ServerApi = ReturnType<typeof createServerApi>;
