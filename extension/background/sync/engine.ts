// Sync between this device's Dexie store and the signed-in account's server (issue 17), with the
// shared core (shared/src/sync): push the outbox, pull pages into the replica's base, and write
// what the user sees (base with the outbox replayed) into the builder's savedRequests table and,
// for n8n instances the server holds, into the instances table (by address, never with a key).
// Rows written from a pull never enter the outbox, so nothing the server sent is echoed back.
// Record ids are the builder's own uuids, which the server keeps: there are no temporary ids to
// map (the one place ids are chosen is BuilderKeep.save).
//
// Where the base lives (Dexie v6): a saved request's server copy is kept inside its builder row
// (`synced`), written with the row, so a pulled saved request costs one put (IndexedDB's cost is
// per put, nearly whatever the size). A copy with no builder row to carry it (a tombstone, a
// record kept local-only, fields this version cannot show) and every other entity's copy is in
// syncRecords. The rule for readers: a saved request's current copy is the one with the higher
// change seq of the two places (heldCopies); the engine moves a copy it knows of into the row it
// writes, but a lower-seq copy left in syncRecords is never read as current. Every writer of a row
// keeps its copy (BuilderKeep.save carries it over); enable, disable and a reset strip them.
// A page's records are newer than every copy held (the server sends what changed after the
// cursor), so a page reads only the copies its view needs: the outbox's records and the page's
// instances (whether each was shown); a new device reads none.
import { historyEntry, localSavedRequest, type LocalSavedRequest } from '@ai-http/shared/builder/stored';
import { PULL_LIMIT, PUSH_LIMIT, type Mutation, type PullResponse, type PulledRecord } from '@ai-http/shared/sync/protocol';
import { applyPull, recordKey, viewOf, type ReplicaState } from '@ai-http/shared/sync/replica';
import { isVisible, type SyncRecord } from '@ai-http/shared/sync/record';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import type { SyncScopeView, SyncStatusView } from '../../common/messages.ts';
import { carriesSecrets, instanceLocalKey } from '../instances.ts';
import type { AiHttpDatabase, StoredSavedRequest, StoredSyncMeta } from '../db.ts';
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

/** A held copy and where it was read (its saved request's row, or syncRecords). */
type Held = Map<string, { copy: PulledRecord; inRow: boolean }>;

/**
 * The server's copies this device holds for these [entity, id] keys, by recordKey: a saved
 * request's from its row or syncRecords, the higher change seq winning; any other from syncRecords.
 * Call inside a transaction over savedRequests and syncRecords.
 */
export async function heldCopies(db: AiHttpDatabase, keys: [string, string][]): Promise<Held> {
  const held: Held = new Map();
  if (!keys.length) return held;
  const saved = keys.filter(([entity]) => entity === 'savedRequest').map(([, id]) => id);
  const [records, rows] = await Promise.all([db.syncRecords.bulkGet(keys), saved.length ? db.savedRequests.bulkGet(saved) : []]);
  for (const copy of records) if (copy) held.set(recordKey(copy.entity, copy.id), { copy, inRow: false });
  for (const row of rows) {
    const copy = row?.synced;
    if (!copy) continue;
    const key = recordKey(copy.entity, copy.id);
    if (copy.seq > (held.get(key)?.copy.seq ?? -1)) held.set(key, { copy, inRow: true });
  }
  return held;
}

/** Drops the server's copies from the builder's rows (the base is being cleared). */
async function stripCopies(db: AiHttpDatabase): Promise<void> {
  await db.savedRequests
    .filter((row) => row.synced !== undefined)
    .modify((row: StoredSavedRequest) => {
      delete row.synced;
    });
}

const between = (entity: string) => [[entity, ''], [entity, '\uffff']] as const;

/** The origins of the visible instance copies held in syncRecords. */
async function shownInstanceOrigins(db: AiHttpDatabase): Promise<string[]> {
  const copies = await db.syncRecords.where('[entity+id]').between(...between('instance')).toArray();
  return copies.flatMap((copy) => (isVisible(copy) && typeof copy.fields.url === 'string' ? [normalizeBaseUrl(copy.fields.url)] : []));
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
      await Promise.all([this.db.syncOutbox.clear(), this.db.syncRecords.clear(), stripCopies(this.db)]);
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
      else await stripCopies(this.db);
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
   * in the order given, without a round trip between them). A pulled saved request the builder can
   * show is one put: its row, carrying the server's copy; other copies go to syncRecords (see the
   * header). `checked`: the page's builder rows, made ahead (syncOnce makes them while the page
   * before is written); a record whose view differs from its pulled copy (a pending change of this
   * device) is made here.
   */
  async applyPage(page: PullResponse, checked: CheckedRows = new Map()): Promise<boolean> {
    const { db } = this;
    return db.transaction('rw', [db.syncMeta, db.syncRecords, db.syncOutbox, db.syncLocalOnly, db.savedRequests, db.instances, db.history], async () => {
      const [meta, outbox, localOnlyRows] = await Promise.all([db.syncMeta.get('current'), db.syncOutbox.orderBy('mid').toArray(), db.syncLocalOnly.toArray()]);
      if (!meta || meta.cursor !== page.cursor) return false;
      let afterReset = meta.afterReset;
      if (page.reset) afterReset = await this.startReset(outbox, localOnlyRows, afterReset);
      // The copies the view needs (see the header): the outbox's records and the page's instances.
      const wanted = new Map<string, [string, string]>();
      for (const r of [...outbox, ...page.records.filter((record) => record.entity === 'instance')]) wanted.set(recordKey(r.entity, r.id), [r.entity, r.id]);
      const held: Held = page.reset ? new Map() : await heldCopies(db, [...wanted.values()]);
      const state: ReplicaState = { ...meta, base: Object.fromEntries([...held].map(([key, { copy }]) => [key, copy])), outbox };
      // Instances this device showed from the server before this page: only those may leave it.
      const shownInstances = new Set([...held].filter(([, { copy }]) => copy.entity === 'instance' && isVisible(copy)).map(([key]) => key));
      const { changed } = applyPull(state, page);
      const localOnly = new Set(localOnlyRows.map((row) => row.key));
      const now = this.now();
      const shown: StoredSavedRequest[] = [];
      const gone: string[] = [];
      // Copies for syncRecords, and the syncRecords copies that move into the rows written.
      const copies = page.records.filter((record) => record.entity !== 'savedRequest' && state.base[recordKey(record.entity, record.id)] === record);
      const moved: [string, string][] = [];
      for (const key of changed) {
        if (key.startsWith('history/')) {
          if (meta.historySync) await this.applyHistory(key.slice('history/'.length), viewOf(state, 'history', key.slice('history/'.length)), now);
          continue;
        }
        if (key.startsWith('instance/')) {
          await this.applyInstance(viewOf(state, 'instance', key.slice('instance/'.length)), shownInstances.has(key), localOnly, now);
          continue;
        }
        if (!key.startsWith('savedRequest/')) continue;
        const id = key.slice('savedRequest/'.length);
        const copy = state.base[key];
        const from = held.get(key);
        // Pulled in this page (not the copy read): it must be stored somewhere.
        const fresh = copy !== undefined && copy !== from?.copy;
        if (localOnly.has(key)) {
          if (fresh) copies.push(copy);
          continue;
        }
        const record = viewOf(state, 'savedRequest', id);
        if (record && isVisible(record)) {
          // Checked ahead when the record shows as pulled (no pending change of this device over it).
          const ahead = checked.get(record.fields);
          const row = ahead?.id === id ? (ahead.row && { ...ahead.row, updatedAt: now }) : builderRow(id, record.fields, now);
          if (row) {
            shown.push(copy ? { ...row, synced: copy } : row);
            if (from && !from.inRow) moved.push(['savedRequest', id]);
            continue;
          }
          // Fields this version cannot show: the row, if any, stays as it was; the copy waits in syncRecords.
          if (fresh) copies.push(copy);
        } else {
          gone.push(id);
          // The row that carried the copy leaves: the copy (a tombstone, or the base under a pending delete) stays.
          if (copy && (fresh || from?.inRow)) copies.push(copy);
        }
      }
      const { afterReset: _, ...rest } = meta;
      const sweep = afterReset !== undefined && !page.more;
      // One bulk write per table for the page's rows, all issued at once.
      await Promise.all([
        db.syncRecords.bulkPut(copies),
        db.syncRecords.bulkDelete(moved),
        db.syncOutbox.where('mid').belowOrEqual(page.lastMutationId).delete(),
        db.syncMeta.put({ ...rest, clock: state.clock, cursor: state.cursor, ...(afterReset && !sweep ? { afterReset } : {}) } satisfies StoredSyncMeta),
        db.savedRequests.bulkPut(shown),
        db.savedRequests.bulkDelete(gone),
      ]);
      if (afterReset && sweep) await this.finishReset(afterReset, meta, state.outbox, localOnly);
      return true;
    });
  }

  /**
   * A reset page (this device's cursor is older than the tombstones the server forgot): the base
   * is cleared and so are the synced rows, except those with pending changes or kept local-only,
   * which stay until the pull brings them (without their old copies). Answers what finishReset
   * needs: the instances shown from the server until now.
   */
  private async startReset(outbox: Mutation[], localOnlyRows: { key: string }[], pending: StoredSyncMeta['afterReset']): Promise<NonNullable<StoredSyncMeta['afterReset']>> {
    const { db } = this;
    const shownBefore = await shownInstanceOrigins(db);
    await db.syncRecords.clear();
    const keep = new Set([...outbox.map((m) => m.id), ...localOnlyRows.map((row) => row.key.slice('savedRequest/'.length))]);
    await db.savedRequests.filter((row) => !keep.has(row.id)).delete();
    await stripCopies(db);
    return { instances: [...new Set([...(pending?.instances ?? []), ...shownBefore])] };
  }

  /**
   * The pull that began with a reset is complete: what it did not bring was deleted elsewhere
   * while this device was away (its tombstone is forgotten), so it leaves, as a tombstone would
   * have removed it. An instance shown from the server before the reset leaves if the snapshot
   * does not show it, unless this device holds an API key for it (the user's own: a key is not
   * dropped on an absence, only on a delete; the user removes it by hand) or keeps it local-only.
   * With history sync on, entries neither in the snapshot nor pending leave.
   */
  private async finishReset(afterReset: NonNullable<StoredSyncMeta['afterReset']>, meta: StoredSyncMeta, outbox: Mutation[], localOnly: Set<string>): Promise<void> {
    const { db } = this;
    const visible = new Set(await shownInstanceOrigins(db));
    for (const origin of afterReset.instances) {
      if (visible.has(origin) || localOnly.has(instanceLocalKey(origin))) continue;
      const local = await db.instances.get(origin);
      if (local && local.apiKey === null) await db.instances.delete(origin);
    }
    if (!meta.historySync) return;
    const snapshot = await db.syncRecords.where('[entity+id]').between(...between('history')).toArray();
    const keep = new Set([...snapshot.filter((copy) => isVisible(copy)).map((copy) => copy.id), ...outbox.filter((m) => m.entity === 'history').map((m) => m.id)]);
    await db.history.filter((entry) => !keep.has(entry.id)).delete();
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
      // History copies never live in a builder row: syncRecords holds them all.
      const held = await this.db.syncRecords.where('[entity+id]').between(...between('history')).toArray();
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
    await this.db.transaction('rw', [this.db.syncMeta, this.db.syncOutbox, this.db.syncLocalOnly, this.db.savedRequests, this.db.syncRecords], async () => {
      const row = await this.db.savedRequests.get(id);
      if (localOnly) {
        // A local-only row carries no copy (the pulls no longer write it): the copy moves to syncRecords.
        if (row?.synced) {
          const { synced, ...bare } = row;
          if (synced.seq > ((await this.db.syncRecords.get(['savedRequest', id]))?.seq ?? -1)) await this.db.syncRecords.put(synced);
          await this.db.savedRequests.put(bare);
        }
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
