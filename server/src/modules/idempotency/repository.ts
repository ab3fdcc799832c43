import type { EntityManager } from '@mikro-orm/sql';

/** An earlier use of an idempotency key: what it was for, and its answer once there is one. */
export interface EarlierUse {
  route: string;
  requestHash: string;
  status: number | null;
  response: unknown;
}

/**
 * The `idempotency_keys` table, always scoped to the user. A key is kept 24 hours; a claim whose
 * request never answered (the process died) can be taken over after a minute.
 */
export class IdempotencyRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** Claims `key` for this request: `claimed`, or the earlier use (none if it vanished meanwhile). */
  async claim(userId: string, key: string, route: string, requestHash: string): Promise<{ claimed: true } | { claimed: false; earlier: EarlierUse | null }> {
    const connection = this.em.getConnection();
    const taken = await connection.execute(
      `insert into "idempotency_keys" ("user_id", "key", "route", "request_hash") values (?, ?, ?, ?)
       on conflict ("user_id", "key") do update set "route" = excluded."route", "request_hash" = excluded."request_hash", "status" = null, "response" = null, "created_at" = now()
         where "idempotency_keys"."created_at" < now() - interval '24 hours'
            or ("idempotency_keys"."status" is null and "idempotency_keys"."created_at" < now() - interval '1 minute')
       returning "key"`,
      [userId, key, route, requestHash],
    );
    if (taken.length) return { claimed: true };
    const [row] = (await connection.execute('select "route", "request_hash", "status", "response" from "idempotency_keys" where "user_id" = ? and "key" = ?', [userId, key])) as { route: string; request_hash: string; status: number | null; response: unknown }[];
    if (!row) return { claimed: false, earlier: null };
    const response = typeof row.response === 'string' ? JSON.parse(row.response) : row.response;
    return { claimed: false, earlier: { route: row.route, requestHash: row.request_hash, status: row.status, response } };
  }

  async complete(userId: string, key: string, status: number, response: unknown): Promise<void> {
    await this.em.getConnection().execute('update "idempotency_keys" set "status" = ?, "response" = ? where "user_id" = ? and "key" = ?', [status, JSON.stringify(response), userId, key]);
  }

  /** Lets the key go after its request failed, so a retry runs it again. */
  async release(userId: string, key: string): Promise<void> {
    await this.em.getConnection().execute('delete from "idempotency_keys" where "user_id" = ? and "key" = ? and "status" is null', [userId, key]);
  }
}
