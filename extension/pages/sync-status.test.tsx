// The sync status the popup and the options page share: nothing in the popup until an account
// syncs; then last sync, changes waiting, the last error, and "Sync now" reaching the engine.
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { t } from '../common/i18n.ts';
import { AiHttpDatabase } from '../background/db.ts';
import { ServerStream } from '../background/server/stream.ts';
import { SyncEngine } from '../background/sync/engine.ts';
import { registerSyncHandlers } from '../background/sync/handlers.ts';
import { SyncStatusCard } from './sync-status.tsx';

describe('the sync status in the popup', () => {
  let db: AiHttpDatabase;
  let unregister: () => void;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new AiHttpDatabase(`status-${crypto.randomUUID()}`);
    const stream = new ServerStream({ loadSession: () => db.session(), saveSession: (session) => db.saveSession(session) });
    unregister = registerSyncHandlers(new SyncEngine(db, stream));
  });
  afterEach(() => {
    unregister();
    db.close();
  });

  it('shows nothing while no account syncs', async () => {
    const { container } = render(<SyncStatusCard compact />);
    // The status has been read (one round trip) and said "not enabled".
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(container.innerHTML).toBe('');
  });

  it('shows the last sync, the changes waiting and the last error; "Sync now" runs a sync and shows how it went', async () => {
    await db.syncMeta.put({ key: 'current', userId: 'u1', clientId: 'ext-status-client', node: 'n1', clock: null, nextMid: 3, cursor: 0, lastSyncAt: Date.UTC(2026, 10, 29, 5, 0), lastError: 'The server answered 502.' });
    for (const mid of [1, 2]) await db.syncOutbox.add({ mid, op: 'delete', entity: 'savedRequest', id: `r${mid}`, v: 2, fields: {}, stamp: `00000000${mid}:000000:n1` });
    render(<SyncStatusCard compact />);
    expect((await screen.findByTestId('sync-status')).textContent).toContain(t('syncPending', { count: '2' }));
    expect(screen.getByTestId('sync-status').textContent).toMatch(/^Last synced at/);
    expect(screen.getByRole('alert').textContent).toBe(t('syncFailed', { message: 'The server answered 502.' }));
    // No session here: the sync fails, and its reason replaces the old error.
    fireEvent.click(screen.getByTestId('sync-now'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(t('syncFailed', { message: 'Sign in to the AI-HTTP server first.' })));
    expect(screen.getByTestId('sync-status').textContent).toContain(t('syncPending', { count: '2' }));
  });
});
