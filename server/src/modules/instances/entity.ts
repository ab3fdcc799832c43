import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const INSTANCE_STATUSES = ['CONNECTED', 'DISCONNECTED', 'ERROR'] as const;

export const Instance = defineEntity({
  name: 'Instance',
  tableName: 'instances',
  properties: {
    id: p.uuid().primary().onCreate(() => crypto.randomUUID()),
    userId: p.uuid(),
    name: p.string(),
    url: p.string(),
    /** The n8n API key, AES-256-GCM encrypted; `apiKeyKeyId` names the key that encrypted it. */
    apiKeyCiphertext: p.string().lazy(),
    apiKeyKeyId: p.string(),
    apiKeyLast4: p.string(),
    status: p.enum(INSTANCE_STATUSES).default('DISCONNECTED'),
    lastSync: p.datetime().nullable(),
    lastError: p.string().nullable(),
    lastExecutionId: p.string().nullable(),
    pollFence: p.bigint('number').default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  },
});
export type InstanceEntity = InferEntity<typeof Instance>;
