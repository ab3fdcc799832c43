// A test-only extension page (unlisted, linked from nowhere): the sync engine (extension/background/
// sync/engine.ts) on a Dexie database of its own in real Chromium, for the sync benchmark
// (extension/bench/sync-dexie.bench.ts): pulled pages applied one transaction each, against the
// same rows written with one bulkPut per page (and with the server's copies, two bulkPuts per
// page); and a whole initial sync from a real server.
import type { PullResponse } from '@ai-http/shared/sync/protocol';
import { AiHttpDatabase } from '../../background/db.ts';
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
   * time, the same rows' bulkPut time, and the time of the rows and the server's copies put together.
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
    // The baseline: the rows the engine wrote, put again into a fresh table, one bulkPut (one transaction) per page.
    const written = await db.savedRequests.toArray();
    const { db: plain } = freshEngine('bulk');
    const bulkPutMs: number[] = [];
    for (let start = 0, index = 0; start < written.length; start += pages[index]!.records.length, index++) {
      const chunk = written.slice(start, start + pages[index]!.records.length);
      const started = performance.now();
      await plain.savedRequests.bulkPut(chunk);
      bulkPutMs.push(performance.now() - started);
    }
    // The floor for what a page must store: the same rows and the server's copies, one bulkPut
    // each in one transaction per page (IndexedDB's cost is per put, nearly whatever its size).
    const records = await db.syncRecords.toArray();
    const byKey = new Map(records.map((record) => [record.id, record]));
    const { db: both } = freshEngine('both');
    const bothPutMs: number[] = [];
    for (let start = 0, index = 0; start < written.length; start += pages[index]!.records.length, index++) {
      const chunk = written.slice(start, start + pages[index]!.records.length);
      const copies = chunk.map((row) => byKey.get(row.id)!);
      const started = performance.now();
      await both.transaction('rw', [both.savedRequests, both.syncRecords], () => Promise.all([both.syncRecords.bulkPut(copies), both.savedRequests.bulkPut(chunk)]));
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
