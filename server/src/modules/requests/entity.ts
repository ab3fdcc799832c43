import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';

/** A saved request: a RequestSpec with a name. */
export const SavedRequest = defineEntity({
  name: 'SavedRequest',
  tableName: 'requests',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid(),
    name: p.string(),
    spec: p.json<RequestSpec>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type SavedRequestEntity = InferEntity<typeof SavedRequest>;
