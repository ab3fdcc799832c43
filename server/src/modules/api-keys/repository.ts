import type { EntityManager } from '@mikro-orm/sql';
import { OwnedRepository } from '../../db/owned-repository.ts';
import { ApiKey, type ApiKeyEntity } from './entity.ts';

export class ApiKeyRepository extends OwnedRepository<ApiKeyEntity> {
  constructor(em: EntityManager) {
    super(em, ApiKey, 'API key');
  }

  /** The key with this hash, unless it is revoked or deleted: what authentication looks up. */
  findActive(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.em.findOne(ApiKey, { keyHash, revokedAt: null, deletedAt: null });
  }

  /** Records a use. The user-facing row does not change, so this is not a sync write of theirs. */
  async markUsed(id: string): Promise<void> {
    await this.em.nativeUpdate(ApiKey, { id }, { lastUsedAt: new Date() });
  }
}
