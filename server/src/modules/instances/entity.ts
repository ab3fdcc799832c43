import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { INSTANCE_STATUSES } from '@ai-http/shared/api/resources';
import { BaseEntity } from '../../db/base-entity.ts';

export const Instance = defineEntity({
  name: 'Instance',
  tableName: 'instances',
  extends: BaseEntity,
  properties: {
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
    /** The newest poll lease token that wrote here; older holders' writes are refused. */
    pollFence: p.bigint('number').default(0),
  },
});
export type InstanceEntity = InferEntity<typeof Instance>;
