import { defineEntity, p } from '@mikro-orm/core';

/**
 * What every row has: a uuid id and when it was created. `createdAt` is set here, in
 * milliseconds, because list cursors compare it with the millisecond timestamps they carry (a
 * database `now()` has microseconds, and a page boundary inside one millisecond would drop rows).
 */
export const RowEntity = defineEntity({
  name: 'RowEntity',
  abstract: true,
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/**
 * The base of every row a user owns and syncs. The database's `touch_row` trigger moves
 * `updatedAt` (and the change sequence) on every update, whoever writes; repositories read it
 * back with `returning`, so an answer carries the stored value. Deleting sets the `deletedAt`
 * tombstone, so other devices learn of it when they sync.
 */
export const BaseEntity = defineEntity({
  name: 'BaseEntity',
  abstract: true,
  extends: RowEntity,
  properties: {
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
