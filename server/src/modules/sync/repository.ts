import type { EntityManager } from '@mikro-orm/sql';
import type { PulledRecord } from '@ai-http/shared/sync/protocol';
import { isVisible, type SyncRecord } from '@ai-http/shared/sync/record';
import type { SyncStore } from '@ai-http/shared/sync/server';
import type { SecretBox } from '../../infra/secret-box.ts';
import { resealJson, SealedFields, type SealedValue } from './sealed-fields.ts';

interface RecordRow {
  entity: string;
  record_id: string;
  v: number;
  fields: unknown;
  clocks: unknown;
  created_stamp: string | null;
  deleted_stamp: string | null;
  change_seq: string | number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A template's service from its request's host (`api.stripe.com` → `api.stripe.com`), or "Custom". */
function serviceOf(request: unknown): string {
  try {
    return new URL(String((request as { url?: unknown }).url)).hostname.slice(0, 100) || 'Custom';
  } catch {
    return 'Custom';
  }
}

const RECORD_COLUMNS = '"entity", "record_id", "v", "fields", "clocks", "created_stamp", "deleted_stamp", "change_seq"';
/** A record is visible while it was created after its last delete (stamps compare as bytes). */
const TOMBSTONE = `"deleted_stamp" is not null and ("created_stamp" is null or "created_stamp" <= "deleted_stamp")`;

// Drivers give jsonb parsed (pg) or as text (some PGlite paths), bigint as text or number.
const json = (value: unknown): Record<string, unknown> => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown>));

export function toPulledRecord(row: RecordRow): PulledRecord {
  return {
    entity: row.entity as PulledRecord['entity'],
    id: row.record_id,
    v: row.v,
    fields: json(row.fields),
    clocks: json(row.clocks) as Record<string, string>,
    created: row.created_stamp,
    deleted: row.deleted_stamp,
    seq: Number(row.change_seq),
  };
}

/**
 * One user's sync data (`sync_records`, `sync_clients`): the SyncStore the shared core pushes into
 * and pulls from, every query scoped to that user. Writers call `lockUser()` first, in their
 * transaction: writes of one user then commit in change-sequence order, so a pull that has read up
 * to a sequence never later meets a smaller one committing behind it. The secrets inside records
 * are stored sealed (sealed-fields.ts) and opened as they are read.
 */
export class SyncRepository implements SyncStore {
  private readonly em: EntityManager;
  private readonly userId: string;
  private readonly sealed: SealedFields;
  private purged: number | null = null;
  /** Records read ahead for a push (undefined: known to be absent), and its writes not yet stored. */
  private readonly cache = new Map<string, SyncRecord | undefined>();
  private readonly pending = new Map<string, SyncRecord>();

  constructor(em: EntityManager, userId: string, box: SecretBox) {
    this.em = em;
    this.userId = userId;
    this.sealed = new SealedFields(box);
  }

  private async opened(row: RecordRow): Promise<PulledRecord> {
    const record = toPulledRecord(row);
    return { ...record, fields: await this.sealed.open(record.entity, record.fields) };
  }

  async lockUser(): Promise<void> {
    const [row] = await this.em.execute<{ sync_purged_through: string | number }[]>('select "sync_purged_through" from "users" where "id" = ? for update', [this.userId]);
    this.purged = Number(row?.sync_purged_through ?? 0);
  }

  async lastMutationId(clientId: string): Promise<number> {
    const [row] = await this.em.execute<{ last_mutation_id: string | number }[]>('select "last_mutation_id" from "sync_clients" where "user_id" = ? and "client_id" = ?', [this.userId, clientId]);
    return Number(row?.last_mutation_id ?? 0);
  }

  async setLastMutationId(clientId: string, mid: number): Promise<void> {
    await this.em.execute(
      `insert into "sync_clients" ("user_id", "client_id", "last_mutation_id") values (?, ?, ?)
       on conflict ("user_id", "client_id") do update set "last_mutation_id" = excluded."last_mutation_id", "updated_at" = now()`,
      [this.userId, clientId, mid],
    );
  }

  async prefetch(keys: { entity: string; id: string }[]): Promise<void> {
    const wanted = [...new Map(keys.map((key) => [`${key.entity}/${key.id}`, key])).values()];
    if (!wanted.length) return;
    const rows = await this.em.execute<RecordRow[]>(
      // One JSON parameter: the ORM would spread an array parameter into a list.
      `select ${RECORD_COLUMNS} from "sync_records" where "user_id" = ? and ("entity", "record_id") in (select "key"->>0, "key"->>1 from jsonb_array_elements(?::jsonb) as "key")`,
      [this.userId, JSON.stringify(wanted.map((key) => [key.entity, key.id]))],
    );
    for (const key of wanted) this.cache.set(`${key.entity}/${key.id}`, undefined);
    for (const row of rows) this.cache.set(`${row.entity}/${row.record_id}`, await this.opened(row));
  }

  async read(entity: string, id: string): Promise<SyncRecord | undefined> {
    const key = `${entity}/${id}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const [row] = await this.em.execute<RecordRow[]>(`select ${RECORD_COLUMNS} from "sync_records" where "user_id" = ? and "entity" = ? and "record_id" = ?`, [this.userId, entity, id]);
    return row ? this.opened(row) : undefined;
  }

  /** Kept until flush() when the push read ahead (prefetch), else stored at once. */
  async write(record: SyncRecord): Promise<void> {
    const key = `${record.entity}/${record.id}`;
    if (this.cache.has(key)) {
      this.cache.set(key, record);
      this.pending.delete(key);
      this.pending.set(key, record);
      return;
    }
    await this.store([record]);
  }

  async flush(): Promise<void> {
    const records = [...this.pending.values()];
    this.pending.clear();
    // Within Postgres's 65,535 parameters a statement.
    for (let start = 0; start < records.length; start += 1_000) await this.store(records.slice(start, start + 1_000));
  }

  private async store(records: SyncRecord[]): Promise<void> {
    if (!records.length) return;
    const fields = await Promise.all(records.map((record) => this.sealed.seal(record.entity, record.fields)));
    await this.em.execute(
      `insert into "sync_records" ("user_id", "entity", "record_id", "v", "fields", "clocks", "created_stamp", "deleted_stamp", "change_seq")
       values ${records.map(() => "(?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, nextval('change_seq'))").join(', ')}
       on conflict ("user_id", "entity", "record_id") do update set "v" = excluded."v", "fields" = excluded."fields", "clocks" = excluded."clocks",
         "created_stamp" = excluded."created_stamp", "deleted_stamp" = excluded."deleted_stamp", "change_seq" = excluded."change_seq", "updated_at" = now()`,
      records.flatMap((record, index) => [this.userId, record.entity, record.id, record.v, JSON.stringify(fields[index]), JSON.stringify(record.clocks), record.created, record.deleted]),
    );
  }

  /**
   * A device's saved request or template as a row of the REST resources (GET /api/v1/requests,
   * /templates), so what devices write shows there too: created or updated by its record (the same
   * id; its request's secrets sealed as the REST routes seal them), moved between the two tables
   * when its kind changes, removed (a tombstone) when the record is deleted. Record ids that are not
   * uuids (only tests write them) have no row. Never writes through the change log: the record is
   * already there. Answers the template rows it touched ("public" when one of them is shared).
   */
  async projectSavedRequest(record: SyncRecord): Promise<'own' | 'public' | null> {
    if (!UUID.test(record.id)) return null;
    const kind = record.fields.kind === 'template' ? 'templates' : 'requests';
    const remove = async (table: 'requests' | 'templates') =>
      this.em.execute<{ is_public?: boolean }[]>(`update "${table}" set "deleted_at" = now() where "id" = ? and "user_id" = ? and "deleted_at" is null returning ${table === 'templates' ? '"is_public"' : '1'}`, [record.id, this.userId]);
    if (!isVisible(record)) {
      await remove('requests');
      const gone = await remove('templates');
      return gone.length ? (gone.some((row) => row.is_public) ? 'public' : 'own') : null;
    }
    const { request } = await this.sealed.seal('savedRequest', { request: record.fields.request });
    const name = String(record.fields.name);
    const tags = Array.isArray(record.fields.tags) ? record.fields.tags : [];
    if (kind === 'requests') {
      await this.em.execute(
        `insert into "requests" ("id", "user_id", "name", "request") values (?, ?, ?, ?::jsonb)
         on conflict ("id") do update set "name" = excluded."name", "request" = excluded."request", "deleted_at" = null, "updated_at" = now() where "requests"."user_id" = excluded."user_id"`,
        [record.id, this.userId, name, JSON.stringify(request)],
      );
      const gone = await remove('templates');
      return gone.length ? (gone.some((row) => row.is_public) ? 'public' : 'own') : null;
    }
    await remove('requests');
    // A template needs a service: the request's host names it (a REST-made one keeps its own).
    const rows = await this.em.execute<{ is_public: boolean }[]>(
      `insert into "templates" ("id", "user_id", "service", "name", "tags", "request") values (?, ?, ?, ?, ?::jsonb, ?::jsonb)
       on conflict ("id") do update set "name" = excluded."name", "tags" = excluded."tags", "request" = excluded."request", "deleted_at" = null, "updated_at" = now() where "templates"."user_id" = excluded."user_id"
       returning "is_public"`,
      [record.id, this.userId, serviceOf(record.fields.request), name, JSON.stringify(tags), JSON.stringify(request)],
    );
    return rows.some((row) => row.is_public) ? 'public' : 'own';
  }

  async changes(cursor: number, limit: number): Promise<PulledRecord[]> {
    const rows = await this.em.execute<RecordRow[]>(`select ${RECORD_COLUMNS} from "sync_records" where "user_id" = ? and "change_seq" > ? order by "change_seq" limit ?`, [this.userId, cursor, limit]);
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  /** The newest change sequence of this user's records (0: none): the cursor a device reaches by pulling everything. */
  async newestSeq(): Promise<number> {
    const [row] = await this.em.execute<{ seq: string | number | null }[]>('select max("change_seq") as "seq" from "sync_records" where "user_id" = ?', [this.userId]);
    return Number(row?.seq ?? 0);
  }

  async purgedThrough(): Promise<number> {
    if (this.purged !== null) return this.purged;
    const [row] = await this.em.execute<{ sync_purged_through: string | number }[]>('select "sync_purged_through" from "users" where "id" = ?', [this.userId]);
    return Number(row?.sync_purged_through ?? 0);
  }

  /**
   * Forgets this user's tombstones last written before `before` (retention), and remembers the
   * newest sequence forgotten: a device whose cursor is older starts over (a reset pull).
   */
  async purgeTombstones(before: Date): Promise<number> {
    await this.lockUser();
    const gone = await this.em.execute<{ change_seq: string | number }[]>(`delete from "sync_records" where "user_id" = ? and ${TOMBSTONE} and "updated_at" < ? returning "change_seq"`, [this.userId, before]);
    if (!gone.length) return 0;
    const newest = Math.max(...gone.map((row) => Number(row.change_seq)));
    await this.em.execute('update "users" set "sync_purged_through" = greatest("sync_purged_through", ?) where "id" = ?', [newest, this.userId]);
    return gone.length;
  }
}

/**
 * Tombstone retention for every user: forgets the tombstones last written more than `retentionDays`
 * ago, one user at a time, each in its own transaction with that user's sync rows locked (see
 * purgeTombstones). A device whose cursor is older than what was purged starts over with a full
 * pull (`reset`). Run by the scheduled job "sync-tombstone-compaction" (schedule.ts); answers how many
 * tombstones were forgotten.
 */
export async function purgeSyncTombstones(em: EntityManager, box: SecretBox, retentionDays: number, now = Date.now()): Promise<number> {
  const before = new Date(now - retentionDays * 24 * 60 * 60_000);
  const users = await em.execute<{ user_id: string }[]>(`select distinct "user_id" from "sync_records" where ${TOMBSTONE} and "updated_at" < ?`, [before]);
  let purged = 0;
  for (const { user_id: userId } of users) purged += await em.transactional((tx) => new SyncRepository(tx as EntityManager, userId, box).purgeTombstones(before));
  return purged;
}

/**
 * `ai-http keys rotate`: every sealed value in the change log and in the request column of saved
 * requests and templates passed through `reseal`, in one transaction, rows locked. Answers how many
 * rows changed.
 */
export async function resealStoredSecrets(em: EntityManager, reseal: (sealed: SealedValue) => Promise<SealedValue>): Promise<number> {
  return em.transactional(async (tx) => {
    const sql = tx as EntityManager;
    let rows = 0;
    const records = await sql.execute<{ user_id: string; entity: string; record_id: string; fields: unknown }[]>(`select "user_id", "entity", "record_id", "fields" from "sync_records" where "fields"::text like '%sealed:v1:%' for update`);
    for (const row of records) {
      const next = await resealJson(json(row.fields), reseal);
      if (next === null) continue;
      await sql.execute('update "sync_records" set "fields" = ?::jsonb where "user_id" = ? and "entity" = ? and "record_id" = ?', [JSON.stringify(next), row.user_id, row.entity, row.record_id]);
      rows++;
    }
    for (const table of ['requests', 'templates'] as const) {
      const stored = await sql.execute<{ id: string; request: unknown }[]>(`select "id", "request" from "${table}" where "request"::text like '%sealed:v1:%' for update`);
      for (const row of stored) {
        const next = await resealJson(json(row.request), reseal);
        if (next === null) continue;
        await sql.execute(`update "${table}" set "request" = ?::jsonb where "id" = ?`, [JSON.stringify(next), row.id]);
        rows++;
      }
    }
    return rows;
  });
}
