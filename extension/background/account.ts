// The optional AI-HTTP server account: register, sign in and out, and its API keys, from the
// options page. Its tokens live in
// Dexie, in the extension origin; pages only ever see the server address and the email.
import { instanceHookView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { onMessage } from '../common/messages.ts';
import type { AiHttpDatabase } from './db.ts';
import { attempt } from './result.ts';
import { createServerApi, type ServerApi, type ServerSession } from './server/api.ts';
import type { ServerStream } from './server/stream.ts';
import type { SyncEngine } from './sync/engine.ts';

function serverOrigin(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The server address must be a URL such as https://ai-http.example.com.');
  }
}

export function registerAccountHandlers(db: AiHttpDatabase, stream: ServerStream, engine?: SyncEngine): () => void {
  const start = async (session: ServerSession) => {
    stream.reset();
    await db.saveSession(session);
    await engine?.enable(session.userId);
    return { serverUrl: session.serverUrl, email: session.email };
  };
  const signedIn = <T>(work: (api: ServerApi, token: string) => Promise<T>) => stream.withAccount(work, 'Sign in to your AI-HTTP server first.');
  const removers = [
    onMessage('connectAccount', ({ data }) => attempt(async () => start(await createServerApi(serverOrigin(data.serverUrl)).login(data.email, data.password)))),
    onMessage('registerAccount', ({ data }) => attempt(async () => start(await createServerApi(serverOrigin(data.serverUrl)).register({ name: data.name, email: data.email, password: data.password })))),
    onMessage('listApiKeys', () => attempt(() => signedIn((api, token) => api.listApiKeys(token)))),
    onMessage('createApiKey', ({ data }) => attempt(() => signedIn((api, token) => api.createApiKey(token, data)))),
    onMessage('revokeApiKey', ({ data }) =>
      attempt(async () => {
        await signedIn((api, token) => api.revokeApiKey(token, data.id));
        return { revoked: true };
      }),
    ),
    onMessage('instanceHook', ({ data }) =>
      attempt(() =>
        signedIn(async (api, token) => {
          const known = (await api.listInstances(token)).find((instance) => originOf(instance.url) === data.origin);
          return known ? api.read(token, `instances/${encodeURIComponent(known.id)}/hook`, instanceHookView) : null;
        }),
      ),
    ),
    onMessage('account', () =>
      attempt(async () => {
        const session = await db.session();
        return session ? { serverUrl: session.serverUrl, email: session.email } : null;
      }),
    ),
    onMessage('disconnectAccount', ({ data }) =>
      attempt(async () => {
        const session = await db.session();
        stream.reset();
        await engine?.disable({ wipe: data?.wipe ?? false });
        await db.saveSession(null);
        if (session) await createServerApi(session.serverUrl).logout(session.refreshToken).catch(() => undefined);
        return { disconnected: true };
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
