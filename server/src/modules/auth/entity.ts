import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { RowEntity } from '../../db/base-entity.ts';

/**
 * One login's chain of refresh tokens. Only the newest token's hash is kept; presenting an older
 * one (a stolen copy being replayed) revokes the whole family. Never synced nor soft-deleted: a
 * family ends by being revoked.
 */
export const RefreshTokenFamily = defineEntity({
  name: 'RefreshTokenFamily',
  tableName: 'refresh_token_families',
  extends: RowEntity,
  properties: {
    userId: p.uuid(),
    tokenHash: p.string(),
    generation: p.integer().default(0),
    rotatedAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().nullable(),
  },
});
export type RefreshTokenFamilyEntity = InferEntity<typeof RefreshTokenFamily>;
