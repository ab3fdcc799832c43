// Sync between this device's Dexie store and the signed-in account's server (issue 17), with the
// shared core (shared/src/sync): push the outbox, pull pages into the replica's base, and write
// what the user sees (base with the outbox replayed) into the builder's savedRequests table and,
// for n8n instances the server holds, into the instances table (by address, never with a key).
// Rows written from a pull never enter the outbox, so nothing the server sent is echoed back.
// Record ids are the builder's own uuids, which the server keeps: there are no temporary ids to
// map (the one place ids are chosen is BuilderKeep.save).
import { historyEntry, localSavedRequest, type LocalSavedRequest } from '@ai-http/shared/builder/stored';
import { PULL_LIMIT, PUSH_LIMIT, type PullResponse, type PulledRecord } from '@ai-http/shared/sync/protocol';
import { applyPull, recordKey, viewOf, type ReplicaState } from '@ai-http/shared/sync/replica';
import { isVisible, type SyncRecord } from '@ai-http/shared/sync/record';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import type { SyncScopeView, SyncStatusView } from '../../common/messages.ts';
import { carriesSecrets, instanceLocalKey } from '../instances.ts';
import type { AiHttpDatabase, StoredSyncMeta } from '../db.ts';
import type { ServerStream } from '../server/stream.ts';
import { historyFields, queueLocal, queueSavedRequest } from './outbox.ts';

/** The server's largest page: a new device's first sync makes the fewest round trips and transactions. */
export const PULL_PAGE = PULL_LIMIT;
/** While the worker runs, sync this often even without a change or a nudge. */
export const SYNC_INTERVAL_MS = 5 * 60_000;
/** A push stays under the server's default body limit (256 KiB); what does not fit goes in the next. */
const PUSH_BYTES = 200 * 1024;

/** The first mutations whose JSON fits in `bytes` (always at least one: the server says if that one is too large). */
function withinBytes<T>(items: T[], bytes: number): T[] {
  let total = 0;
  const fit: T[] = [];
  for (const item of items) {
    total += JSON.stringify(item).length;
    if (fit.length && total > bytes) break;
    fit.push(item);
  }
  return fit;
}

/** Changes made within this time go out in one push. */
const CHANGE_DEBOUNCE_MS = 300;

export type SyncStatus = SyncStatusView;

/** The builder's row for a saved request's fields (null: fields this version cannot show). */
function builderRow(id: string, fields: Record<string, unknown>, now: number): LocalSavedRequest | null {
  const row = localSavedRequest.safeParse({ v: 2, id, updatedAt: now, deletedAt: null, ...fields });
  return row.success ? row.data : null;
}

/** A page's saved requests made into the builder's rows, keyed by their fields object (see applyPage). */
type CheckedRows = Map<Record<string, unknown>, { id: string; row: LocalSavedRequest | null }>;

function checkedRows(page: PullResponse): CheckedRows {
  const rows: CheckedRows = new Map();
  const now = Date.now();
  for (const record of page.records) if (record.entity === 'savedRequest' && record.created) rows.set(record.fields, { id: record.id, row: builderRow(record.id, record.fields, now) });
  return rows;
}

export class SyncEngine {
  private readonly db: AiHttpDatabase;
  private readonly stream: ServerStream;
  private readonly now: () => number;
  private running: Promise<void> | null = null;
  private again = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopNudges: (() => void) | undefined;
  private releaseSocket: (() => void) | undefined;
  private progress: { pulled: number } | null = null;

  /** Records per pull page (smaller in tests, to pull over several pages). */
  private readonly pullPage: number;

  constructor(db: AiHttpDatabase, stream: ServerStream, { now = Date.now, pullPage = PULL_PAGE }: { now?: () => number; pullPage?: number } = {}) {
    this.db = db;
    this.stream = stream;
    this.now = now;
    this.pullPage = pullPage;
  }

  /** Syncs on a timer, on a server nudge and on each reconnection (not on our own push's nudge). */
  start(): void {
    this.stopNudges ??= this.stream.onSync((from) => {
      void this.db.syncMeta.get('current').then((meta) => {
        if (meta && from !== meta.clientId) this.syncSoon(0);
      });
    });
    // Held again on each start: signing in resets the stream.
    this.releaseSocket?.();
    this.releaseSocket = this.stream.holdOpen();
    this.timer ??= setInterval(() => this.syncSoon(0), SYNC_INTERVAL_MS);
    this.syncSoon(0);
  }

  stop(): void {
    this.stopNudges?.();
    this.releaseSocket?.();
    this.stopNudges = this.releaseSocket = undefined;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.timer = this.debounce = undefined;
  }

  /**
   * Begins syncing for the signed-in user: a new client id and clock node for this device, and
   * every saved request and user template that exists (and is not local-only) queued as a create.
   * Signing in again as the same user keeps the state.
   */
  async enable(userId: string): Promise<void> {
    await this.db.transaction('rw', [this.db.syncMeta, this.db.syncOutbox, this.db.syncLocalOnly, this.db.syncRecords, this.db.savedRequests], async () => {
      const meta = await this.db.syncMeta.get('current');
      if (meta?.userId === userId) return;
      await Promise.all([this.db.syncOutbox.clear(), this.db.syncRecords.clear()]);
      const id = crypto.randomUUID().replaceAll('-', '');
      await this.db.syncMeta.put({ key: 'current', userId, clientId: `ext-${id.slice(0, 24)}`, node: id.slice(0, 12), clock: null, nextMid: 1, cursor: 0, lastSyncAt: null, lastError: null });
      const now = this.now();
      for (const row of await this.db.savedRequests.toArray()) if (row.deletedAt === null) await queueSavedRequest(this.db, localSavedRequest.parse(row), 'create', now);
    });
    await this.uploadInstances();
    this.start();
  }

  /**
   * The instances this device has with an API key go to the server (which needs the key to watch
   * n8n), unless kept local-only, and only over https or loopback; the server skips addresses it
   * knows. A server that does not answer now is not retried: adding the instance again sends it.
   */
  private async uploadInstances(): Promise<void> {
    const session = await this.db.session();
    if (!session || !carriesSecrets(session.serverUrl)) return;
    const localOnly = new Set((await this.db.syncLocalOnly.toArray()).map((row) => row.key));
    for (const row of await this.db.instances.toArray()) {
      if (!row.apiKey || localOnly.has(instanceLocalKey(row.origin))) continue;
      await this.stream.addInstance({ name: row.name, url: row.origin, apiKey: row.apiKey }).catch(() => undefined);
    }
  }

  /** Stops syncing (sign-out). `wipe`: the synced data leaves this device too; otherwise it stays, local. */
  async disable({ wipe }: { wipe: boolean }): Promise<void> {
    this.stop();
    await this.db.transaction('rw', [this.db.syncMeta, this.db.syncOutbox, this.db.syncRecords, this.db.syncLocalOnly, this.db.savedRequests, this.db.history], async () => {
      await Promise.all([this.db.syncMeta.clear(), this.db.syncOutbox.clear(), this.db.syncRecords.clear()]);
      if (wipe) await Promise.all([this.db.savedRequests.clear(), this.db.history.clear(), this.db.syncLocalOnly.clear()]);
    });
  }

  /** A local change was queued: push it shortly (several quick changes go in one push), while started. */
  changed(): void {
    if (this.timer) this.syncSoon(CHANGE_DEBOUNCE_MS);
  }

  private syncSoon(delayMs: number): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.syncNow().catch(() => undefined), delayMs);
  }

  /** One sync at a time; a request during one runs another right after it. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        // Bounded: a server that keeps refusing to take the outbox is not asked forever.
        for (let round = 0; round < 20; round++) {
          this.again = false;
          await this.syncOnce();
          if (!this.again) break;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    const meta = await this.db.syncMeta.get('current');
    if (!meta) return;
    try {
      await this.stream.withAccount(async (api, token) => {
        const outbox = withinBytes(await this.db.syncOutbox.orderBy('mid').limit(PUSH_LIMIT).toArray(), PUSH_BYTES);
        if (outbox.length) await api.syncPush(token, { v: 1, clientId: meta.clientId, mutations: outbox });
        this.progress = meta.cursor === 0 ? { pulled: 0 } : null;
        // Each page's rows are checked as soon as it arrives, while the page before it is written.
        const pullFrom = (cursor: number) => api.syncPull(token, { clientId: meta.clientId, cursor, limit: this.pullPage }).then((page) => ({ page, rows: checkedRows(page) }));
        const pullFromHeld = async () => pullFrom((await this.db.syncMeta.get('current'))!.cursor);
        let next = pullFromHeld();
        for (;;) {
          const { page, rows } = await next;
          // The next page is asked for while this one is written, so the server's query and the
          // transfer overlap the Dexie writes (a failure is thrown where it is awaited).
          if (page.more) {
            next = pullFrom(page.nextCursor);
            next.catch(() => undefined);
          }
          const applied = await this.applyPage(page, rows);
          if (this.progress) this.progress.pulled += page.records.length;
          if (!page.more) break;
          // Not applied (the cursor held moved meanwhile): the page asked for ahead is stale too.
          if (!applied) next = pullFromHeld();
        }
      });
      await this.db.syncMeta.update('current', { lastSyncAt: this.now(), lastError: null });
      // More was queued than one push carries, or while this one ran: go again.
      if (await this.db.syncOutbox.count()) this.again = true;
    } catch (error) {
      await this.db.syncMeta.update('current', { lastError: (error as Error).message });
      throw error;
    } finally {
      this.progress = null;
    }
  }

  /**
   * One pulled page in one transaction: base, outbox, cursor and clock, and what the builder shows.
   * The page's reads go out together and so do its writes (IndexedDB runs a transaction's requests
   * in the order given, without a round trip between them); the server's copy is read only when
   * this device holds one (a new device has none). `checked`: the page's builder rows, made ahead
   * (syncOnce makes them while the page before is written); a record whose view differs from its
   * pulled copy (a pending change of this device) is made here.
   */
  async applyPage(page: PullResponse, checked: CheckedRows = new Map()): Promise<boolean> {
    const { db } = this;
    return db.transaction('rw', [db.syncMeta, db.syncRecords, db.syncOutbox, db.syncLocalOnly, db.savedRequests, db.instances, db.history], async () => {
      const [meta, outbox, localOnlyRows, anyHeld] = await Promise.all([db.syncMeta.get('current'), db.syncOutbox.orderBy('mid').toArray(), db.syncLocalOnly.toArray(), db.syncRecords.toCollection().first()]);
      if (!meta || meta.cursor !== page.cursor) return false;
      if (page.reset) {
        await db.syncRecords.clear();
        // Synced rows leave; those with pending changes or kept local-only stay until the pull brings them.
        const keep = new Set([...outbox.map((m) => m.id), ...localOnlyRows.map((row) => row.key.slice('savedRequest/'.length))]);
        await db.savedRequests.filter((row) => !keep.has(row.id)).delete();
      }
      let held: PulledRecord[] = [];
      if (anyHeld && !page.reset) {
        const keys = [...new Map([...page.records, ...outbox].map((r) => [recordKey(r.entity, r.id), [r.entity, r.id] as [string, string]])).values()];
        held = (await db.syncRecords.bulkGet(keys)).filter((record) => record !== undefined);
      }
      const state: ReplicaState = { ...meta, base: Object.fromEntries(held.map((record) => [recordKey(record.entity, record.id), record])), outbox };
      // Instances this device showed from the server before this page: only those may leave it.
      const shownInstances = new Set(held.filter((record) => record.entity === 'instance' && isVisible(record)).map((record) => recordKey(record.entity, record.id)));
      const { changed } = applyPull(state, page);
      const localOnly = new Set(localOnlyRows.map((row) => row.key));
      const now = this.now();
      const shown: LocalSavedRequest[] = [];
      const gone: string[] = [];
      for (const key of changed) {
        if (key.startsWith('history/')) {
          if (meta.historySync) await this.applyHistory(key.slice('history/'.length), viewOf(state, 'history', key.slice('history/'.length)), now);
          continue;
        }
        if (key.startsWith('instance/')) {
          await this.applyInstance(viewOf(state, 'instance', key.slice('instance/'.length)), shownInstances.has(key), localOnly, now);
          continue;
        }
        if (!key.startsWith('savedRequest/') || localOnly.has(key)) continue;
        const id = key.slice('savedRequest/'.length);
        const record = viewOf(state, 'savedRequest', id);
        if (record && isVisible(record)) {
          // Checked ahead when the record shows as pulled (no pending change of this device over it).
          const ahead = checked.get(record.fields);
          if (ahead?.id === id) {
            if (ahead.row) shown.push({ ...ahead.row, updatedAt: now });
            continue;
          }
          const row = builderRow(id, record.fields, now);
          if (row) shown.push(row);
        } else {
          gone.push(id);
        }
      }
      // One bulk write per table for the page's rows, all issued at once.
      await Promise.all([
        db.syncRecords.bulkPut(page.records.filter((record) => state.base[recordKey(record.entity, record.id)] === record)),
        db.syncOutbox.where('mid').belowOrEqual(page.lastMutationId).delete(),
        db.syncMeta.put({ ...meta, clock: state.clock, cursor: state.cursor } satisfies StoredSyncMeta),
        db.savedRequests.bulkPut(shown),
        db.savedRequests.bulkDelete(gone),
      ]);
      return true;
    });
  }

  /** A sent request from another device's history (the user opted in): shown here, without its response body. */
  private async applyHistory(id: string, record: SyncRecord | undefined, now: number): Promise<void> {
    if (!record || !isVisible(record)) {
      await this.db.history.delete(id);
      return;
    }
    // An entry never changes once sent: one here already (this device's own, with its body) stays as it is.
    if (await this.db.history.get(id)) return;
    const row = historyEntry.safeParse({ v: 1, id, updatedAt: now, deletedAt: null, ...record.fields });
    if (row.success) await this.db.history.put(row.data);
  }

  /**
   * Syncs the request history too (opt-in, per account on this device): what is here now is
   * queued once, later sends as they happen (BuilderKeep.recordSend), and other devices' history
   * is pulled in from the next sync. Turned off, nothing more is sent; what was sent stays on the
   * server until deleted.
   */
  async setHistorySync(on: boolean): Promise<void> {
    const now = this.now();
    await this.db.transaction('rw', [this.db.syncMeta, this.db.syncOutbox, this.db.syncLocalOnly, this.db.history, this.db.syncRecords], async () => {
      const meta = await this.db.syncMeta.get('current');
      if (!meta || !!meta.historySync === on) return;
      await this.db.syncMeta.update('current', { historySync: on });
      if (!on) return;
      for (const entry of await this.db.history.toArray()) {
        if (entry.deletedAt === null) await queueLocal(this.db, { op: 'create', entity: 'history', id: entry.id, fields: historyFields(historyEntry.parse(entry)) }, now);
      }
      // Pull the other devices' history from the start: the records were skipped while this was off.
      const held = await this.db.syncRecords.where('[entity+id]').between(['history', ''], ['history', '\uffff']).toArray();
      for (const record of held) await this.applyHistory(record.id, record, now);
    });
    this.changed();
  }

  /**
   * An n8n instance the server holds (added on another device or through the API): it shows here
   * by its address, without an API key (the key never comes back from the server: this device
   * uses the n8n session, or the user adds its key here). Deleted there, it leaves this device,
   * unless kept local-only here, and only if it came from the server (a tombstone older than a
   * local add removes nothing).
   */
  private async applyInstance(record: SyncRecord | undefined, shown: boolean, localOnly: Set<string>, now: number): Promise<void> {
    const url = typeof record?.fields.url === 'string' ? record.fields.url : null;
    if (!url) return;
    const origin = normalizeBaseUrl(url);
    if (localOnly.has(instanceLocalKey(origin))) return;
    const name = typeof record?.fields.name === 'string' ? record.fields.name : new URL(origin).host;
    const local = await this.db.instances.get(origin);
    if (isVisible(record)) {
      if (!local) await this.db.instances.put({ origin, name, apiKey: null, addedAt: now });
      else if (local.name !== name) await this.db.instances.update(origin, { name });
    } else if (shown && local) {
      await this.db.instances.delete(origin);
    }
  }

  async status(): Promise<SyncStatus> {
    const meta = await this.db.syncMeta.get('current');
    return { enabled: !!meta, syncing: !!this.running, lastSyncAt: meta?.lastSyncAt ?? null, pending: meta ? await this.db.syncOutbox.count() : 0, error: meta?.lastError ?? null, progress: this.progress };
  }

  /**
   * What this device sends to the server, item by item: every saved request and template, and
   * every n8n instance, each with whether the user keeps it on this device only.
   */
  async scope(): Promise<SyncScopeView> {
    const localOnly = new Set((await this.db.syncLocalOnly.toArray()).map((row) => row.key));
    const saved = (await this.db.savedRequests.toArray()).filter((row) => row.deletedAt === null).sort((a, b) => a.name.localeCompare(b.name));
    const instances = (await this.db.instances.toArray()).sort((a, b) => a.origin.localeCompare(b.origin));
    return {
      historySync: (await this.db.syncMeta.get('current'))?.historySync === true,
      savedRequests: saved.map((row) => ({ id: row.id, name: row.name, kind: row.kind, localOnly: localOnly.has(recordKey('savedRequest', row.id)) })),
      instances: instances.map((row) => ({ origin: row.origin, name: row.name, localOnly: localOnly.has(instanceLocalKey(row.origin)) })),
    };
  }

  /**
   * Keeps an n8n instance (and its API key) on this device only: the server's copy, if it has one,
   * is removed (a tombstone reaches the other devices), and it is never sent again. Undone, the
   * instance is sent once more (with its key, over https or loopback only).
   */
  async setInstanceLocalOnly(origin: string, localOnly: boolean): Promise<void> {
    const key = instanceLocalKey(origin);
    if (localOnly) {
      await this.db.syncLocalOnly.put({ key });
      if (await this.db.session()) await this.stream.removeInstance(origin);
      return;
    }
    await this.db.syncLocalOnly.delete(key);
    const row = await this.db.instances.get(origin);
    const session = await this.db.session();
    if (row?.apiKey && session && carriesSecrets(session.serverUrl)) await this.stream.addInstance({ name: row.name, url: row.origin, apiKey: row.apiKey });
  }

  /** Keeps a saved request on this device only (its server copy is deleted), or lets it sync again. */
  async setLocalOnly(id: string, localOnly: boolean): Promise<void> {
    const key = recordKey('savedRequest', id);
    await this.db.transaction('rw', [this.db.syncMeta, this.db.syncOutbox, this.db.syncLocalOnly, this.db.savedRequests], async () => {
      const row = await this.db.savedRequests.get(id);
      if (localOnly) {
        if (row) await queueSavedRequest(this.db, localSavedRequest.parse(row), 'delete', this.now());
        await this.db.syncLocalOnly.put({ key });
      } else {
        await this.db.syncLocalOnly.delete(key);
        if (row && row.deletedAt === null) await queueSavedRequest(this.db, localSavedRequest.parse(row), 'create', this.now());
      }
    });
    this.changed();
  }
}
