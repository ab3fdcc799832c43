import type { EntityData, EntityName, FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** What every user-owned row has (see BaseEntity). */
export interface OwnedRow {
  id: string;
  userId?: string | null | undefined;
  createdAt: Date;
  updatedAt: Date;
  deletedAt?: Date | null | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Tenant scoping in one place: every read and write of a user-owned row goes through here, with
 * the user id in the WHERE clause, and another user's id and a missing id are the same 404.
 *
 * Reads and writes return plain rows with the entity's property names, not managed entities: a
 * request reads or writes once, and skipping the identity map and change-tracking snapshots makes
 * a list several times cheaper. Updates and deletes are one statement each (`update … returning`),
 * so an answer carries what the database stored, `updatedAt` from its trigger included.
 */
export class OwnedRepository<Row extends OwnedRow> {
  protected readonly em: EntityManager;
  protected readonly entity: EntityName<Row>;
  /** How a row is named to the user: "No instance with id …". */
  readonly what: string;

  constructor(em: EntityManager, entity: EntityName<Row>, what: string) {
    this.em = em;
    this.entity = entity;
    this.what = what;
  }

  /** The rows a user may read: their own. Templates widen this to public ones. */
  protected readable(userId: string): FilterQuery<Row> {
    return { userId } as FilterQuery<Row>;
  }

  /** Newest first, `limit` per page, with an opaque cursor to the next page. */
  async list(userId: string, { limit, cursor }: { limit: number; cursor?: string | undefined }): Promise<Page<Row>> {
    const after = decodeCursor(cursor);
    const conditions: FilterQuery<Row>[] = [this.readable(userId), { deletedAt: null } as FilterQuery<Row>];
    if (after) conditions.push({ $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] } as FilterQuery<Row>);
    const rows = await this.em
      .createQueryBuilder(this.entity)
      .select('*')
      .where({ $and: conditions } as never)
      .orderBy({ createdAt: 'desc', id: 'desc' } as never)
      .limit(limit + 1)
      .execute<Row[]>('all');
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
  }

  /** One row the user may read, or NOT_FOUND. */
  async get(userId: string, id: string): Promise<Row> {
    const row = await this.em
      .createQueryBuilder(this.entity)
      .select('*')
      .where({ $and: [this.readable(userId), { id, deletedAt: null }] } as never)
      .limit(1)
      .execute<Row | undefined>('get');
    return row ?? this.notFound(id);
  }

  async create(data: RequiredEntityData<Row>): Promise<Row> {
    const row = this.em.create(this.entity, data);
    await this.em.flush();
    return row;
  }

  /**
   * Changes only the fields given (an undefined one is not given) of one of the user's own rows;
   * answers the stored row, or NOT_FOUND.
   */
  async update(userId: string, id: string, changes: EntityData<Row>): Promise<Row> {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as EntityData<Row>;
    const [row] = await this.em
      .createQueryBuilder(this.entity)
      .update(given)
      .where({ id, userId, deletedAt: null } as never)
      .returning('*' as never)
      .execute<Row[]>('all');
    return row ?? this.notFound(id);
  }

  /** Soft delete: a tombstone that sync passes on (plus `changes`, e.g. a revocation time). */
  remove(userId: string, id: string, changes: EntityData<Row> = {}): Promise<Row> {
    return this.update(userId, id, { ...changes, deletedAt: new Date() } as EntityData<Row>);
  }

  protected notFound(id: string): never {
    throw new AppError('NOT_FOUND', `No ${this.what} with id ${id}.`, { id });
  }
}
