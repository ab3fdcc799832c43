import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const PLANS = ['FREE', 'PRO', 'TEAM', 'ENTERPRISE'] as const;

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    email: p.string(),
    name: p.string(),
    avatarUrl: p.string().nullable(),
    plan: p.enum(PLANS).default('FREE'),
    settings: p.json<Record<string, unknown>>().onCreate(() => ({})),
    passwordHash: p.string().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type UserEntity = InferEntity<typeof User>;
