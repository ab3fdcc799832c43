import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { BaseEntity } from '../../db/base-entity.ts';

/** A saved request: a RequestSpec with a name. */
export const SavedRequest = defineEntity({
  name: 'SavedRequest',
  tableName: 'requests',
  extends: BaseEntity,
  properties: {
    userId: p.uuid(),
    name: p.string(),
    request: p.json<RequestSpec>(),
  },
});
export type SavedRequestEntity = InferEntity<typeof SavedRequest>;
