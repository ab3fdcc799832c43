// The sync status and "Sync now" for the options page (and any page that shows them).
import { onMessage } from '../../common/messages.ts';
import { attempt } from '../result.ts';
import type { SyncEngine } from './engine.ts';

export function registerSyncHandlers(engine: SyncEngine): () => void {
  const removers = [
    onMessage('syncStatus', () => attempt(() => engine.status())),
    onMessage('syncNow', () =>
      attempt(async () => {
        // A failure is part of the status (its message), not an error of the message.
        await engine.syncNow().catch(() => undefined);
        return engine.status();
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}
