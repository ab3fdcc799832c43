// Queueing a local change for sync, in the writer's own Dexie transaction (the builder's save and
// delete): the change and its mutation are stored together or not at all.
import type { HistoryEntry, LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { SyncedEntity } from '@ai-http/shared/sync/entities';
import { recordKey, writeLocal, type LocalWrite } from '@ai-http/shared/sync/replica';
import type { AiHttpDatabase } from '../db.ts';

/** The tables a writer's transaction must include to queue a change. */
export const outboxTables = (db: AiHttpDatabase) => [db.syncMeta, db.syncOutbox, db.syncLocalOnly];

/** The fields of a saved request that sync (its local stamps stay local). */
export function savedRequestFields(row: LocalSavedRequest): Record<string, unknown> {
  return { kind: row.kind, name: row.name, tags: row.tags, request: row.request, values: row.values };
}

/**
 * Adds the change to the outbox, stamped by this device's clock, unless no account syncs (signed
 * out: nothing is queued; signing in uploads what exists) or the record is kept local-only.
 * Call inside a transaction over `outboxTables(db)`.
 */
export async function queueLocal(db: AiHttpDatabase, write: LocalWrite, now: number): Promise<boolean> {
  const meta = await db.syncMeta.get('current');
  if (!meta || (await db.syncLocalOnly.get(recordKey(write.entity, write.id)))) return false;
  const state = { ...meta, base: {}, outbox: [] };
  const mutation = writeLocal(state, write, now);
  await db.syncOutbox.add(mutation);
  await db.syncMeta.put({ ...meta, clock: state.clock, nextMid: state.nextMid });
  return true;
}

export function queueSavedRequest(db: AiHttpDatabase, row: LocalSavedRequest, op: 'create' | 'delete', now: number, entity: SyncedEntity = 'savedRequest'): Promise<boolean> {
  return queueLocal(db, op === 'delete' ? { op, entity, id: row.id } : { op, entity, id: row.id, fields: savedRequestFields(row) }, now);
}

/**
 * The fields of a history entry that sync, when the user opted in: when, the request as sent and
 * how it went, without the response body (bodies stay on the device that sent the request).
 */
export function historyFields(entry: HistoryEntry): Record<string, unknown> {
  return { sentAt: entry.sentAt, request: entry.request, outcome: entry.outcome.kind === 'response' ? { ...entry.outcome, body: null } : entry.outcome };
}

/** Has the user opted in to syncing the request history (per account, on this device)? */
export async function historySyncOn(db: AiHttpDatabase): Promise<boolean> {
  return (await db.syncMeta.get('current'))?.historySync === true;
}
