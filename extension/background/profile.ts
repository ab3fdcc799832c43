// The signed-in account's profile, password and sessions, from the options page: each a call to
// the server's session-only /me routes with the account's session (refreshed by the stream). A
// new email is written into the stored session too, so the options page shows it.
import { accountSessionList, deletedSchema, passwordChangedView, userView } from '@ai-http/shared/api/resources';
import { onProfileMessage } from '../common/profile-messages.ts';
import type { AiHttpDatabase } from './db.ts';
import { attempt } from './result.ts';
import type { ServerApi } from './server/api.ts';
import type { ServerStream } from './server/stream.ts';

export function registerProfileHandlers(db: AiHttpDatabase, stream: ServerStream): () => void {
  const signedIn = <T>(work: (api: ServerApi, token: string) => Promise<T>) => stream.withAccount(work, 'Sign in to your AI-HTTP server first.');
  const removers = [
    onProfileMessage('profile', () => attempt(() => signedIn((api, token) => api.read(token, 'me', userView.field)))),
    onProfileMessage('updateProfile', ({ data }) =>
      attempt(async () => {
        const user = await signedIn((api, token) => api.write(token, 'patch', 'me/profile', userView.field, data));
        const session = await db.session();
        if (session && session.email !== user.email) await db.saveSession({ ...session, email: user.email });
        return user;
      }),
    ),
    onProfileMessage('changePassword', ({ data }) => attempt(() => signedIn((api, token) => api.write(token, 'post', 'me/password', passwordChangedView, data)))),
    onProfileMessage('listSessions', () => attempt(async () => (await signedIn((api, token) => api.read(token, 'me/sessions', accountSessionList))).items)),
    onProfileMessage('revokeSession', ({ data }) =>
      attempt(async () => {
        await signedIn((api, token) => api.write(token, 'delete', `me/sessions/${encodeURIComponent(data.id)}`, deletedSchema));
        return { revoked: true as const };
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}
