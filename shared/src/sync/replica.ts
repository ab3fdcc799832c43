import { syncedEntities, type SyncedEntity } from './entities.ts';
import { laterStamp, nextStamp, type Stamp } from './hlc.ts';
import type { Mutation, PullResponse, PushRequest, PulledRecord } from './protocol.ts';
import { SYNC_PROTOCOL_VERSION } from './protocol.ts';
import { applyWrite, isVisible, newestStamp, type MutationOp, type SyncRecord } from './record.ts';

/**
 * A device's half of sync, as plain data a store can keep (Dexie on the extension): the records as
 * the server last sent them (`base`), the outbox of mutations the server has not confirmed, the
 * pull cursor and the clock. What the user sees is `base` with the outbox replayed over it, so a
 * local edit shows at once and the server's answer replaces it without a flicker or an echo:
 * records pulled from the server go into `base` and never into the outbox.
 */
export interface ReplicaState {
  clientId: string;
  /** This device's clock node (unique per device; also in every stamp it writes). */
  node: string;
  clock: Stamp | null;
  nextMid: number;
  cursor: number;
  base: Record<string, PulledRecord>;
  outbox: Mutation[];
}

export const recordKey = (entity: string, id: string) => `${entity}/${id}`;

export function newReplica(clientId: string, node: string): ReplicaState {
  return { clientId, node, clock: null, nextMid: 1, cursor: 0, base: {}, outbox: [] };
}

export interface LocalWrite {
  op: MutationOp;
  entity: SyncedEntity;
  id: string;
  fields?: Record<string, unknown>;
}

/** Records a local change: stamps it (clock passed in) and appends it to the outbox. */
export function writeLocal(state: ReplicaState, write: LocalWrite, now: number): Mutation {
  const stamp = nextStamp(state.clock, now, state.node);
  const mutation: Mutation = { mid: state.nextMid, op: write.op, entity: write.entity, id: write.id, v: syncedEntities[write.entity].latest, fields: write.op === 'delete' ? {} : (write.fields ?? {}), stamp };
  state.clock = stamp;
  state.nextMid += 1;
  state.outbox.push(mutation);
  return mutation;
}

/** What to push: the whole outbox, oldest first (the server skips what it has already applied). */
export function pushRequestOf(state: ReplicaState, limit = Number.POSITIVE_INFINITY): PushRequest | null {
  if (!state.outbox.length) return null;
  return { v: SYNC_PROTOCOL_VERSION, clientId: state.clientId, mutations: state.outbox.slice(0, limit) };
}

export interface PullApplied {
  /** False when the answer was stale (for a cursor this device no longer holds) and was ignored. */
  applied: boolean;
  /** Keys (`entity/id`) whose view may have changed. */
  changed: string[];
}

/**
 * Takes one page of a pull: the records replace the ones in `base` (the server's word is final,
 * a record older than the one held is ignored), the outbox drops what the server has processed,
 * the clock moves past every stamp seen. After a reset the base is emptied first, so records the
 * server purged disappear.
 */
export function applyPull(state: ReplicaState, response: PullResponse): PullApplied {
  if (response.cursor !== state.cursor) return { applied: false, changed: [] };
  const changed = new Set<string>();
  if (response.reset) {
    for (const key of Object.keys(state.base)) changed.add(key);
    state.base = {};
  }
  for (const record of response.records) {
    const key = recordKey(record.entity, record.id);
    const held = state.base[key];
    if (held && held.seq >= record.seq) continue;
    state.base[key] = record;
    state.clock = laterStamp(state.clock, newestStamp(record));
    changed.add(key);
  }
  const confirmed = state.outbox.filter((mutation) => mutation.mid <= response.lastMutationId);
  for (const mutation of confirmed) changed.add(recordKey(mutation.entity, mutation.id));
  state.outbox = state.outbox.filter((mutation) => mutation.mid > response.lastMutationId);
  state.cursor = response.nextCursor;
  return { applied: true, changed: [...changed] };
}

/** A record as the user sees it: the server's copy with the pending mutations replayed. */
export function viewOf(state: ReplicaState, entity: string, id: string): SyncRecord | undefined {
  const held = state.base[recordKey(entity, id)];
  let record: SyncRecord | undefined = held ? { entity: held.entity, id: held.id, v: held.v, fields: held.fields, clocks: held.clocks, created: held.created, deleted: held.deleted } : undefined;
  for (const mutation of state.outbox) {
    if (mutation.entity !== entity || mutation.id !== id) continue;
    const outcome = applyWrite(record, mutation);
    if (outcome.status === 'applied') record = outcome.record;
  }
  return record;
}

/** Every visible record's fields, by key: what a list on this device shows. */
export function visibleRecords(state: ReplicaState): Map<string, Record<string, unknown>> {
  const keys = new Set([...Object.keys(state.base), ...state.outbox.map((mutation) => recordKey(mutation.entity, mutation.id))]);
  const visible = new Map<string, Record<string, unknown>>();
  for (const key of keys) {
    const [entity, id] = splitKey(key);
    const record = viewOf(state, entity, id);
    if (record && isVisible(record)) visible.set(key, record.fields);
  }
  return visible;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
