import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { API_KEY_SCOPES } from '@ai-http/shared/api/resources';
import { BaseEntity } from '../../db/base-entity.ts';

export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  extends: BaseEntity,
  properties: {
    userId: p.uuid(),
    name: p.string(),
    /** The first characters of the key, shown so the user can tell keys apart. */
    prefix: p.string(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: p.string().lazy(),
    scopes: p.json<(typeof API_KEY_SCOPES)[number][]>(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKeyEntity = InferEntity<typeof ApiKey>;
