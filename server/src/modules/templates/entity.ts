import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';

/** A template: built-in (no owner, `builtinId` set) or a user's own, private or public. */
export const StoredTemplate = defineEntity({
  name: 'StoredTemplate',
  tableName: 'templates',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid().nullable(),
    builtinId: p.string().nullable(),
    isPublic: p.boolean().default(false),
    service: p.string(),
    name: p.string(),
    description: p.string().default(''),
    tags: p.json<string[]>(),
    docsUrl: p.string().nullable(),
    spec: p.json<RequestSpec>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type StoredTemplateEntity = InferEntity<typeof StoredTemplate>;
