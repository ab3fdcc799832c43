import { checkFields } from './entities.ts';
import { nextStamp, parseStamp, stampWall } from './hlc.ts';
import type { Mutation, MutationResult, PullRequest, PullResponse, PulledRecord, PushRequest, PushResponse } from './protocol.ts';
import { applyWrite, newestStamp, type SyncRecord } from './record.ts';

/**
 * The server's half of sync, over a store the caller provides (Postgres in the server, a map in
 * the property tests). One store is one user's data: tenant scoping is the store's job. The
 * caller runs applyPush inside one transaction, so a push applies whole or not at all.
 */
export interface SyncStore {
  lastMutationId(clientId: string): Promise<number>;
  setLastMutationId(clientId: string, mid: number): Promise<void>;
  read(entity: string, id: string): Promise<SyncRecord | undefined>;
  /** Stores the record with a new change sequence, later than every one before it. */
  write(record: SyncRecord): Promise<void>;
  /** Records with a change sequence after `cursor`, oldest first, at most `limit`. */
  changes(cursor: number, limit: number): Promise<PulledRecord[]>;
  /** The newest change sequence of a tombstone purged after retention (0: none). */
  purgedThrough(): Promise<number>;
  /** Optional batching: read these records at once before a push applies… */
  prefetch?(keys: { entity: string; id: string }[]): Promise<void>;
  /** …and store its writes at once after (each still with its own, increasing change sequence). */
  flush?(): Promise<void>;
}

/** A device's clock may run this far ahead of the server's; a later stamp is replaced on arrival. */
export const MAX_DRIFT_MS = 60_000;

/**
 * Applies a client's mutations in order, each once: a mutation id at or below the client's last
 * is a duplicate (a retried push), one past a gap stops the batch (an earlier push was lost; the
 * client sends its whole outbox again). A stamp more than MAX_DRIFT_MS ahead of `now` (a clock
 * skewed by hours) is restamped at arrival, after everything the record holds, so a wrong clock
 * cannot win every conflict for hours.
 */
export async function applyPush(store: SyncStore, push: PushRequest, now: number): Promise<PushResponse> {
  let last = await store.lastMutationId(push.clientId);
  const results: MutationResult[] = [];
  await store.prefetch?.(push.mutations.filter((mutation) => mutation.mid > last));
  for (const mutation of [...push.mutations].sort((a, b) => a.mid - b.mid)) {
    if (mutation.mid <= last) {
      results.push({ mid: mutation.mid, status: 'duplicate' });
      continue;
    }
    if (mutation.mid > last + 1) break;
    results.push(await applyMutation(store, mutation, now));
    last = mutation.mid;
  }
  await store.flush?.();
  if (results.some((result) => result.status !== 'duplicate')) await store.setLastMutationId(push.clientId, last);
  return { lastMutationId: last, results };
}

async function applyMutation(store: SyncStore, mutation: Mutation, now: number): Promise<MutationResult> {
  let fields: Record<string, unknown> = {};
  if (mutation.op !== 'delete') {
    const check = checkFields(mutation.entity, mutation.op, mutation.v, mutation.fields);
    if (!check.ok) return { mid: mutation.mid, status: 'rejected', message: check.message };
    fields = check.fields;
  }
  const record = await store.read(mutation.entity, mutation.id);
  let stamp = mutation.stamp;
  if (stampWall(stamp) > now + MAX_DRIFT_MS) stamp = nextStamp(record ? newestStamp(record) : null, now, parseStamp(stamp).node);
  const outcome = applyWrite(record, { op: mutation.op, entity: mutation.entity, id: mutation.id, v: mutation.v, fields, stamp });
  if (outcome.status === 'gone') return { mid: mutation.mid, status: 'gone' };
  if (outcome.changed) await store.write(outcome.record);
  return { mid: mutation.mid, status: 'applied', stamp };
}

/**
 * One page of changes after the client's cursor. The client's last mutation id is read first: a
 * push landing between the two reads shows in the records but not yet in the id, and the client
 * replays that mutation over the record it pulled, which changes nothing (writes are idempotent).
 */
export async function readPull(store: SyncStore, pull: PullRequest): Promise<PullResponse> {
  const lastMutationId = await store.lastMutationId(pull.clientId);
  const purged = await store.purgedThrough();
  const reset = pull.cursor > 0 && pull.cursor < purged;
  const from = reset ? 0 : pull.cursor;
  const rows = await store.changes(from, pull.limit + 1);
  const records = rows.slice(0, pull.limit);
  return { cursor: pull.cursor, nextCursor: records.at(-1)?.seq ?? from, more: rows.length > pull.limit, reset, lastMutationId, records };
}
