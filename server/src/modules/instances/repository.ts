import { LockMode } from '@mikro-orm/core';
import type { EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { OwnedRepository } from '../../db/owned-repository.ts';
import { Instance, type InstanceEntity } from './entity.ts';

/** A sealed n8n API key: its ciphertext and the id of the key that encrypted it. */
export interface SealedKey {
  ciphertext: string;
  keyId: string;
}

export class InstanceRepository extends OwnedRepository<InstanceEntity> {
  constructor(em: EntityManager) {
    super(em, Instance, 'instance');
  }

  async isOwned(userId: string, id: string): Promise<boolean> {
    return (await this.em.count(Instance, { id, userId, deletedAt: null })) > 0;
  }

  /** Every instance that is not deleted, whoever owns it: what the pollers share out. */
  async activeIds(): Promise<string[]> {
    const rows = await this.em.createQueryBuilder(Instance).select('id').where({ deletedAt: null }).execute<{ id: string }[]>('all');
    return rows.map((row) => row.id);
  }

  /** The row the poller reads (its sealed key included), or null once it is deleted. */
  async forPolling(id: string): Promise<InstanceEntity | null> {
    return (await this.em.createQueryBuilder(Instance).select('*').where({ id, deletedAt: null }).limit(1).execute<InstanceEntity | undefined>('get')) ?? null;
  }

  /**
   * A poller's write, fenced: it applies only while no newer lease token has written here
   * (`poll_fence <= fence`). False means another process holds the instance now.
   */
  async updateFenced(id: string, fence: number, changes: EntityData<InstanceEntity>): Promise<boolean> {
    const result = await this.em.createQueryBuilder(Instance).update(changes).where({ id, pollFence: { $lte: fence } }).execute('run');
    return result.affectedRows > 0;
  }

  /**
   * Re-encrypts every stored key (deleted instances' too) with `reseal`, in one transaction with
   * the rows locked, so a failure changes nothing. Returns how many were re-encrypted.
   */
  async resealAll(reseal: (sealed: SealedKey) => SealedKey): Promise<number> {
    return this.em.transactional(async (em) => {
      const rows = await em.find(Instance, {}, { fields: ['id', 'apiKeyCiphertext', 'apiKeyKeyId'], lockMode: LockMode.PESSIMISTIC_WRITE });
      for (const row of rows) {
        const sealed = reseal({ ciphertext: row.apiKeyCiphertext, keyId: row.apiKeyKeyId });
        row.apiKeyCiphertext = sealed.ciphertext;
        row.apiKeyKeyId = sealed.keyId;
      }
      return rows.length;
    });
  }
}
