// The n8n instances the user added in the options page. An API key stays here, in the extension
// origin, and is sent only to that n8n (and, with an account, once to the user's own server, only
// over https or to this machine: see carriesSecrets).
import { AppError } from '@ai-http/shared/errors';
import { createN8nClient } from '@ai-http/shared/n8n/client';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { onMessage } from '../common/messages.ts';
import type { AiHttpDatabase } from './db.ts';
import { attempt } from './result.ts';
import type { ServerStream } from './server/stream.ts';

export function registerInstanceHandlers(db: AiHttpDatabase, stream: ServerStream): () => void {
  const removers = [
    onMessage('saveInstance', ({ data }) =>
      attempt(async () => {
        const url = new URL(data.url);
        if (!/^https?:$/.test(url.protocol)) throw new AppError('VALIDATION_FAILED', 'The n8n address must start with http:// or https://.');
        const origin = normalizeBaseUrl(`${url.origin}${url.pathname}`);
        const name = data.name || url.host;
        if (data.apiKey) await createN8nClient({ baseUrl: origin, apiKey: data.apiKey, retries: 0, timeoutMs: 8_000 }).listWorkflows({ limit: 1 });
        await db.instances.put({ origin, name, apiKey: data.apiKey || null, addedAt: Date.now() });
        // With an account, the server learns of the instance too (it needs the key to poll n8n).
        const session = await db.session();
        if (!session || !data.apiKey) return { origin, syncedToServer: false };
        if (!carriesSecrets(session.serverUrl)) return { origin, syncedToServer: false, keyKeptLocal: true };
        if (await db.syncLocalOnly.get(instanceLocalKey(origin))) return { origin, syncedToServer: false };
        try {
          await stream.addInstance({ name, url: origin, apiKey: data.apiKey });
          return { origin, syncedToServer: true };
        } catch (error) {
          return { origin, syncedToServer: false, serverProblem: (error as Error).message };
        }
      }),
    ),
    onMessage('listInstances', () => attempt(async () => (await db.instances.toArray()).map((i) => ({ origin: i.origin, name: i.name, hasApiKey: i.apiKey !== null })))),
    onMessage('removeInstance', ({ data }) =>
      attempt(async () => {
        await db.instances.delete(data.origin);
        await db.executions.where('[origin+id]').between([data.origin, ''], [data.origin, '\uffff']).delete();
        // Signed in, it leaves the server too (and so the other devices), unless it was kept local-only.
        if ((await db.session()) && !(await db.syncLocalOnly.get(instanceLocalKey(data.origin)))) await stream.removeInstance(data.origin).catch(() => undefined);
        await db.syncLocalOnly.delete(instanceLocalKey(data.origin));
        return { removed: true };
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}

/**
 * May an n8n API key be sent to this AI-HTTP server? Only over https, or to this machine
 * (loopback), where plain http crosses no network. The server refuses it otherwise too
 * (INSECURE_TRANSPORT); checking here means the key never leaves at all.
 */
export function carriesSecrets(serverUrl: string): boolean {
  const url = new URL(serverUrl);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}

/** The key of an instance in `syncLocalOnly` (kept on this device only), by its origin. */
export const instanceLocalKey = (origin: string) => `instance/${origin}`;
