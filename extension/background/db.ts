import Dexie, { type Table } from 'dexie';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { executionDigest, type ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import type { HistoryEntry, LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { Mutation, PulledRecord } from '@ai-http/shared/sync/protocol';
import type { Stamp } from '@ai-http/shared/sync/hlc';
import type { ServerSession } from './server/api.ts';

/**
 * The extension's own database (IndexedDB in the extension origin: the background and the
 * extension pages; never a content script, whose IndexedDB would be the page's).
 * Versioned with Dexie migrations: add a version, never edit an old one.
 */
export interface StoredInstance {
  /** `https://n8n.example.com` (plus a base path when n8n runs under one). */
  origin: string;
  name: string;
  /** The n8n API key; it stays in the extension origin and is sent only to this n8n. */
  apiKey: string | null;
  addedAt: number;
}

export interface StoredExecution {
  origin: string;
  id: string;
  workflowId: string;
  status: string;
  digest: ExecutionDigest;
  savedAt: number;
}

/**
 * A saved request's row: the builder's fields (what the user sees: the server's copy with this
 * device's pending changes replayed), and, from Dexie v6, the server's copy of its sync record
 * (`synced`) when the sync engine wrote the row, so a pulled record is one put, not two. Copies
 * without a builder row (tombstones, local-only records, fields this version cannot show) stay in
 * `syncRecords`. The current copy is the one with the higher change seq (see SyncEngine.heldCopies);
 * never handed to a page: readers parse the row with `localSavedRequest`, which drops `synced`.
 */
export type StoredSavedRequest = LocalSavedRequest & { synced?: PulledRecord };

/** The connected AI-HTTP server account (one at most, under the key 'current'). */
export interface StoredAccount extends ServerSession {
  key: 'current';
}

/**
 * This device's sync state with the signed-in account (one at most): its client id and clock
 * node, the clock, the next mutation id, the pull cursor, and how the last sync went.
 */
export interface StoredSyncMeta {
  key: 'current';
  userId: string;
  clientId: string;
  node: string;
  clock: Stamp | null;
  nextMid: number;
  cursor: number;
  lastSyncAt: number | null;
  lastError: string | null;
  /** The user opted in to syncing the request history (off when absent). */
  historySync?: boolean;
  /**
   * Set by a reset page (the device was away longer than the server keeps tombstones) until the
   * pull that began with it completes: the n8n instances shown from the server before the reset
   * (origins), the ones that may leave if the new snapshot does not show them.
   */
  afterReset?: { instances: string[] };
}

/** A record the user keeps on this device only: never queued, never overwritten by a pull. */
export interface StoredLocalOnly {
  key: string;
}

export class AiHttpDatabase extends Dexie {
  instances!: Table<StoredInstance, string>;
  executions!: Table<StoredExecution, [string, string]>;
  account!: Table<StoredAccount, 'current'>;
  savedRequests!: Table<StoredSavedRequest, string>;
  history!: Table<HistoryEntry, string>;
  syncMeta!: Table<StoredSyncMeta, 'current'>;
  /**
   * The server's copy of each synced record (the replica's base), by [entity+id], except a saved
   * request's copy kept in its row (`StoredSavedRequest.synced`, Dexie v6).
   */
  syncRecords!: Table<PulledRecord, [string, string]>;
  /** Local changes the server has not confirmed, by mutation id. */
  syncOutbox!: Table<Mutation, number>;
  syncLocalOnly!: Table<StoredLocalOnly, string>;

  constructor(name = 'ai-http') {
    super(name);
    // v1: the n8n instances the user added.
    this.version(1).stores({ instances: 'origin' });
    // v2: digests of finished executions, so reopening one is instant and works offline.
    // Instances saved by v1 without a trailing-slash-free origin are normalised.
    this.version(2)
      .stores({ instances: 'origin', executions: '[origin+id], [origin+workflowId], savedAt' })
      .upgrade(async (tx) => {
        await tx
          .table('instances')
          .toCollection()
          .modify((instance: StoredInstance) => {
            instance.origin = normalizeBaseUrl(instance.origin);
            instance.addedAt ??= Date.now();
          });
      });
    // v3: the AI-HTTP server account (optional), whose stream feeds the debugger.
    this.version(3).stores({ instances: 'origin', executions: '[origin+id], [origin+workflowId], savedAt', account: 'key' });
    // v4: the request builder's saved requests and history (rows in shared/src/builder/stored.ts,
    // with ids, updatedAt and tombstones for the sync to come).
    this.version(4).stores({ instances: 'origin', executions: '[origin+id], [origin+workflowId], savedAt', account: 'key', savedRequests: 'id, updatedAt', history: 'id, sentAt' });
    // v5: sync with the account's server (issue 17): the replica's meta, base and outbox, and the
    // records kept local-only.
    this.version(5).stores({
      instances: 'origin',
      executions: '[origin+id], [origin+workflowId], savedAt',
      account: 'key',
      savedRequests: 'id, updatedAt',
      history: 'id, sentAt',
      syncMeta: 'key',
      syncRecords: '[entity+id]',
      syncOutbox: 'mid',
      syncLocalOnly: 'key',
    });
    // v6: a saved request's server copy lives in its builder row (StoredSavedRequest.synced), so a
    // pulled record costs one put (IndexedDB's cost is per put). The copies that have a row (not
    // kept local-only) move into it; the others stay in syncRecords. No store or index changes
    // (Dexie keeps every store a version does not name).
    this.version(6)
      .stores({})
      .upgrade(async (tx) => {
        const copies = tx.table<PulledRecord, [string, string]>('syncRecords');
        const rows = tx.table<StoredSavedRequest, string>('savedRequests');
        const localOnly = new Set((await tx.table<StoredLocalOnly, string>('syncLocalOnly').toArray()).map((row) => row.key));
        const held = (await copies.where('[entity+id]').between(['savedRequest', ''], ['savedRequest', '\uffff']).toArray()).filter((copy) => !localOnly.has(`savedRequest/${copy.id}`));
        const owners = await rows.bulkGet(held.map((copy) => copy.id));
        const moved = held.flatMap((copy, index) => (owners[index] ? [{ copy, row: owners[index] }] : []));
        await rows.bulkPut(moved.map(({ copy, row }) => ({ ...row, synced: copy })));
        await copies.bulkDelete(moved.map(({ copy }) => [copy.entity, copy.id] as [string, string]));
      });
  }

  async session(): Promise<ServerSession | null> {
    const stored = await this.account.get('current');
    if (!stored) return null;
    const { key: _key, ...session } = stored;
    return session;
  }

  async saveSession(session: ServerSession | null): Promise<void> {
    if (session) await this.account.put({ key: 'current', ...session });
    else await this.account.delete('current');
  }
}

/** Keeps the newest executions per workflow only. */
export const EXECUTIONS_KEPT_PER_WORKFLOW = 200;

export async function rememberDigest(db: AiHttpDatabase, origin: string, digest: ExecutionDigest): Promise<void> {
  await db.executions.put({ origin, id: digest.executionId, workflowId: digest.workflowId, status: digest.status, digest: executionDigest.parse(digest), savedAt: Date.now() });
  const stale = await db.executions.where('[origin+workflowId]').equals([origin, digest.workflowId]).reverse().sortBy('savedAt');
  const drop = stale.slice(EXECUTIONS_KEPT_PER_WORKFLOW).map((e) => [e.origin, e.id] as [string, string]);
  if (drop.length) await db.executions.bulkDelete(drop);
}

/** A kept digest, read through its versioned entity (a digest stored by an older version is upgraded). */
export async function keptDigest(db: AiHttpDatabase, origin: string, executionId: string): Promise<ExecutionDigest | null> {
  const row = await db.executions.get([origin, executionId]);
  return row ? executionDigest.parse(row.digest) : null;
}

/** The digests kept for one workflow, newest first: the panel's view while n8n and the server are out of reach. */
export async function keptDigests(db: AiHttpDatabase, origin: string, workflowId: string, limit = 20): Promise<ExecutionDigest[]> {
  const rows = await db.executions.where('[origin+workflowId]').equals([origin, workflowId]).toArray();
  return rows
    .map((row) => executionDigest.safeParse(row.digest))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => Number(b.executionId) - Number(a.executionId))
    .slice(0, limit);
}
