import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid(),
    name: p.string(),
    /** The first characters of the key, shown so the user can tell keys apart. */
    prefix: p.string(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: p.string().lazy(),
    scopes: p.json<string[]>(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type ApiKeyEntity = InferEntity<typeof ApiKey>;
