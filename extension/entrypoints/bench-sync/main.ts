// A test-only extension page (unlisted, linked from nowhere): the sync engine (extension/background/
// sync/engine.ts) on a Dexie database of its own in real Chromium, for the sync benchmark
// (extension/bench/sync-dexie.bench.ts): pulled pages applied one transaction each, against the
// same rows (each carrying the server's copy, as the engine writes them) with one bulkPut per page,
// the floor for what a page must store; and against Dexie v5's layout (the bare rows and the
// copies in syncRecords, two bulkPuts per page); and a whole initial sync from a real server.
import type { PullResponse } from '@ai-http/shared/sync/protocol';
import { AiHttpDatabase, type StoredSavedRequest } from '../../background/db.ts';
import type { ServerSession } from '../../background/server/api.ts';
import { ServerStream } from '../../background/server/stream.ts';
import { SyncEngine } from '../../background/sync/engine.ts';

function freshEngine(name: string) {
  const db = new AiHttpDatabase(`bench-sync-${name}-${crypto.randomUUID()}`);
  const engine = new SyncEngine(db, new ServerStream({ loadSession: () => db.session(), saveSession: (s) => db.saveSession(s) }));
  return { db, engine };
}

interface BenchSync {
  /**
   * Applies the pages (a chain from cursor 0) through SyncEngine.applyPage; answers each page's
   * time, the time of one bulkPut per page of the rows as written (each carrying the server's
   * copy: the floor), and of the v5 layout (bare rows and copies, two bulkPuts per page).
   */
  benchApply(pages: PullResponse[]): Promise<{ applyMs: number[]; bulkPutMs: number[]; bothPutMs: number[]; rows: number }>;
  /** A new device's first sync with the account, timed from "Sync now" to every record in Dexie. */
  benchInitialSync(session: ServerSession): Promise<{ ms: number; rows: number }>;
}

const bench: BenchSync = {
  async benchApply(pages) {
    const { db, engine } = freshEngine('apply');
    await db.syncMeta.put({ key: 'current', userId: 'bench', clientId: 'ext-bench-apply', node: 'bench', clock: null, nextMid: 1, cursor: 0, lastSyncAt: null, lastError: null });
    const applyMs: number[] = [];
    for (const page of pages) {
      const started = performance.now();
      if (!(await engine.applyPage(page))) throw new Error(`page at cursor ${page.cursor} was not applied`);
      applyMs.push(performance.now() - started);
    }
    const rows = await db.savedRequests.count();
    const written = await db.savedRequests.toArray();
    if (written.some((row) => !row.synced) || (await db.syncRecords.count())) throw new Error('a pulled row was written without its copy, or a copy beside it');
    const chunks: StoredSavedRequest[][] = [];
    for (let start = 0, index = 0; index < pages.length; start += pages[index]!.records.length, index++) chunks.push(written.slice(start, start + pages[index]!.records.length));
    // The floor for what a page must store: the rows the engine wrote (each carrying its copy),
    // put again into a fresh table, one bulkPut (one transaction) per page. IndexedDB's cost is
    // per put, nearly whatever its size.
    const { db: plain } = freshEngine('bulk');
    const bulkPutMs: number[] = [];
    for (const chunk of chunks) {
      const started = performance.now();
      await plain.savedRequests.bulkPut(chunk);
      bulkPutMs.push(performance.now() - started);
    }
    // Dexie v5's layout, for comparison: the bare rows and the copies in syncRecords, two bulkPuts per page.
    const { db: both } = freshEngine('both');
    const bothPutMs: number[] = [];
    for (const chunk of chunks) {
      const bare = chunk.map(({ synced: _synced, ...row }) => row);
      const copies = chunk.map((row) => row.synced!);
      const started = performance.now();
      await both.transaction('rw', [both.savedRequests, both.syncRecords], () => Promise.all([both.syncRecords.bulkPut(copies), both.savedRequests.bulkPut(bare)]));
      bothPutMs.push(performance.now() - started);
    }
    await db.delete();
    await plain.delete();
    await both.delete();
    return { applyMs, bulkPutMs, bothPutMs, rows };
  },
  async benchInitialSync(session) {
    const { db, engine } = freshEngine('initial');
    await db.saveSession(session);
    await engine.enable(session.userId);
    // enable() starts the timers and a first sync soon; this one is timed instead.
    engine.stop();
    const started = performance.now();
    await engine.syncNow();
    const ms = performance.now() - started;
    const rows = await db.savedRequests.count();
    await db.delete();
    return { ms, rows };
  },
};
Object.assign(window, bench);
