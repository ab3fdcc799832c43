// The sync status and "Sync now" for the options page and the popup, and what stays on this device only.
import { onMessage } from '../../common/messages.ts';
import { attempt } from '../result.ts';
import type { SyncEngine } from './engine.ts';

export function registerSyncHandlers(engine: SyncEngine): () => void {
  const removers = [
    onMessage('syncStatus', () => attempt(() => engine.status())),
    onMessage('syncScope', () => attempt(() => engine.scope())),
    onMessage('setLocalOnly', ({ data }) =>
      attempt(async () => {
        if (data.entity === 'instance') await engine.setInstanceLocalOnly(data.id, data.localOnly);
        else await engine.setLocalOnly(data.id, data.localOnly);
        return engine.scope();
      }),
    ),
    onMessage('setHistorySync', ({ data }) =>
      attempt(async () => {
        await engine.setHistorySync(data.on);
        return engine.scope();
      }),
    ),
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
