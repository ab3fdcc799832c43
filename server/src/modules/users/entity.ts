import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PLANS } from '@ai-http/shared/api/resources';
import { BaseEntity } from '../../db/base-entity.ts';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  extends: BaseEntity,
  properties: {
    email: p.string(),
    name: p.string(),
    avatarUrl: p.string().nullable(),
    plan: p.enum(PLANS).default('FREE'),
    settings: p.json<Record<string, unknown>>().onCreate(() => ({})),
    passwordHash: p.string().lazy(),
    /** May open the operator views (/admin/queues); granted with `ai-http user admin`. */
    isAdmin: p.boolean().default(false),
  },
});
export type UserEntity = InferEntity<typeof User>;
