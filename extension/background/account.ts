// The optional AI-HTTP server account: sign in and out from the options page. Its tokens live in
// Dexie, in the extension origin; pages only ever see the server address and the email.
import { AppError } from '@ai-http/shared/errors';
import { onMessage } from '../common/messages.ts';
import type { AiHttpDatabase } from './db.ts';
import { attempt } from './result.ts';
import { createServerApi } from './server/api.ts';
import type { ServerStream } from './server/stream.ts';

export function registerAccountHandlers(db: AiHttpDatabase, stream: ServerStream): () => void {
  const removers = [
    onMessage('connectAccount', ({ data }) =>
      attempt(async () => {
        let serverUrl: URL;
        try {
          serverUrl = new URL(data.serverUrl);
        } catch {
          throw new AppError('VALIDATION_FAILED', 'The server address must be a URL such as https://ai-http.example.com.');
        }
        const session = await createServerApi(serverUrl.origin).login(data.email, data.password);
        stream.reset();
        await db.saveSession(session);
        return { serverUrl: session.serverUrl, email: session.email };
      }),
    ),
    onMessage('account', () =>
      attempt(async () => {
        const session = await db.session();
        return session ? { serverUrl: session.serverUrl, email: session.email } : null;
      }),
    ),
    onMessage('disconnectAccount', () =>
      attempt(async () => {
        const session = await db.session();
        stream.reset();
        await db.saveSession(null);
        if (session) await createServerApi(session.serverUrl).logout(session.refreshToken).catch(() => undefined);
        return { disconnected: true };
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}
