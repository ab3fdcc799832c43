import { laterStamp, type Stamp } from './hlc.ts';

/**
 * One synced record as every replica keeps it: each field with the stamp of its last write, and
 * two registers for its life, `created` and `deleted`. It is visible while `created` is later
 * than `deleted`. Every register only moves forward (the later stamp wins), so applying the same
 * write twice, or two writes in either order, gives the same record.
 */
export interface SyncRecord {
  entity: string;
  id: string;
  /** The version of the entity's schema the fields are at. */
  v: number;
  fields: Record<string, unknown>;
  clocks: Record<string, Stamp>;
  created: Stamp | null;
  deleted: Stamp | null;
}

export type MutationOp = 'create' | 'update' | 'delete';

export interface RecordWrite {
  op: MutationOp;
  entity: string;
  id: string;
  v: number;
  fields: Record<string, unknown>;
  stamp: Stamp;
}

export function isVisible(record: SyncRecord | undefined): boolean {
  return !!record?.created && (!record.deleted || record.created > record.deleted);
}

/** The newest stamp a record carries: a restamped write must sort after it. */
export function newestStamp(record: SyncRecord): Stamp | null {
  let newest = laterStamp(record.created, record.deleted);
  for (const stamp of Object.values(record.clocks)) newest = laterStamp(newest, stamp);
  return newest;
}

export type WriteOutcome = { status: 'applied'; record: SyncRecord; changed: boolean } | { status: 'gone' };

/**
 * Applies one write to a record (undefined: not known here). The rule, the same on the server and
 * on every device:
 * - create: the `created` register and each given field take the write if its stamp is later;
 *   a create of an unknown id makes the record;
 * - update: each given field takes the write if its stamp is later; the record is not revived
 *   (an edit that meets a delete stays hidden in the tombstone: delete wins over a concurrent
 *   edit, and only a later create brings the record back);
 * - delete: the `deleted` register takes the stamp if later;
 * - an update or delete of an unknown record is `gone` (never created here, or its tombstone
 *   was purged after the retention period) and changes nothing.
 */
export function applyWrite(record: SyncRecord | undefined, write: RecordWrite): WriteOutcome {
  if (!record && write.op !== 'create') return { status: 'gone' };
  const base: SyncRecord = record ?? { entity: write.entity, id: write.id, v: write.v, fields: {}, clocks: {}, created: null, deleted: null };
  let changed = !record;
  const next: SyncRecord = { ...base, fields: { ...base.fields }, clocks: { ...base.clocks } };
  if (write.op === 'delete') {
    if (!base.deleted || write.stamp > base.deleted) {
      next.deleted = write.stamp;
      changed = true;
    }
    return { status: 'applied', record: changed ? next : base, changed };
  }
  if (write.op === 'create' && (!base.created || write.stamp > base.created)) {
    next.created = write.stamp;
    changed = true;
  }
  for (const [field, value] of Object.entries(write.fields)) {
    const clock = base.clocks[field];
    if (clock === undefined || write.stamp > clock) {
      next.fields[field] = value;
      next.clocks[field] = write.stamp;
      changed = true;
    }
  }
  if (write.v > base.v) {
    next.v = write.v;
    changed = true;
  }
  return { status: 'applied', record: changed ? next : base, changed };
}
