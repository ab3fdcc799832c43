import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** What every user-owned row has. */
interface Owned {
  id: string;
  createdAt: Date;
  deletedAt?: Date | null | undefined;
}


/**
 * Tenant scoping in one place: every read and write of a user-owned row goes through these, with
 * the user id in the WHERE clause. Another user's id and a missing id are the same 404.
 */
export async function findOwned<T extends Owned>(em: EntityManager, entity: EntityName<T>, userId: string, id: string, what: string): Promise<T> {
  const row = (await em.findOne(entity, { id, userId, deletedAt: null } as never)) as T | null;
  if (!row) throw new AppError('NOT_FOUND', `No ${what} with id ${id}.`, { id });
  return row;
}

/**
 * Newest first, `limit` per page, with an opaque cursor to the next page. Rows come back as plain
 * objects with the entities' property names, not managed entities: a list is only read, and
 * skipping the identity map and change-tracking snapshots makes it several times cheaper.
 */
export async function listOwned<T extends Owned>(em: EntityManager, entity: EntityName<T>, scope: string | Record<string, unknown>, { limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<{ items: T[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor);
  const conditions: Record<string, unknown>[] = [typeof scope === 'string' ? { userId: scope } : scope, { deletedAt: null }];
  if (after) conditions.push({ $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] });
  const where = { $and: conditions };
  const rows = await em.createQueryBuilder(entity).select('*').where(where as never).orderBy({ createdAt: 'desc', id: 'desc' } as never).limit(limit + 1).execute<T[]>('all');
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Deleting leaves a tombstone, so other devices learn of it when they sync. */
export async function softDelete(em: EntityManager, row: Owned): Promise<void> {
  row.deletedAt = new Date();
  await em.flush();
}
