import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { BaseEntity } from '../../db/base-entity.ts';

/** A template: built-in (no owner, `builtinId` set) or a user's own, private or public. */
export const StoredTemplate = defineEntity({
  name: 'StoredTemplate',
  tableName: 'templates',
  extends: BaseEntity,
  properties: {
    userId: p.uuid().nullable(),
    builtinId: p.string().nullable(),
    isPublic: p.boolean().default(false),
    service: p.string(),
    name: p.string(),
    description: p.string().default(''),
    tags: p.json<string[]>(),
    docsUrl: p.string().nullable(),
    request: p.json<RequestSpec>(),
  },
});
export type StoredTemplateEntity = InferEntity<typeof StoredTemplate>;
