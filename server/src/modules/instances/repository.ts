import { LockMode } from '@mikro-orm/core';
import type { EntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { OwnedRepository } from '../../db/owned-repository.ts';
import type { WrappedKey } from '../../infra/secret-box.ts';
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
   * the rows locked, so a failure changes nothing; `dataKey`, when given, is stored in the same
   * transaction. Returns how many were re-encrypted.
   */
  async resealAll(reseal: (sealed: SealedKey) => Promise<SealedKey>, { dataKey }: { dataKey?: WrappedKey } = {}): Promise<number> {
    return this.em.transactional(async (em) => {
      if (dataKey) await em.getConnection().execute('insert into "data_keys" ("id", "wrapped", "master_key_id", "created_at") values (?, ?, ?, ?)', [dataKey.id, dataKey.wrapped, dataKey.masterKeyId, dataKey.createdAt], 'run', em.getTransactionContext());
      const rows = await em.find(Instance, {}, { fields: ['id', 'apiKeyCiphertext', 'apiKeyKeyId'], lockMode: LockMode.PESSIMISTIC_WRITE });
      for (const row of rows) {
        const sealed = await reseal({ ciphertext: row.apiKeyCiphertext, keyId: row.apiKeyKeyId });
        row.apiKeyCiphertext = sealed.ciphertext;
        row.apiKeyKeyId = sealed.keyId;
      }
      return rows.length;
    });
  }

  /** The stored data keys, wrapped (see infra/secret-box.ts). */
  async dataKeys(): Promise<WrappedKey[]> {
    const rows = (await this.em.getConnection().execute('select "id", "wrapped", "master_key_id", "created_at" from "data_keys"', [], 'all', this.em.getTransactionContext())) as { id: string; wrapped: string; master_key_id: string; created_at: string | Date }[];
    return rows.map((row) => ({ id: row.id, wrapped: row.wrapped, masterKeyId: row.master_key_id, createdAt: new Date(row.created_at) }));
  }

  /** Re-wraps every data key under a new master key (`ai-http keys rotate --master`), in one transaction. */
  async rewrapDataKeys(rewrap: (row: WrappedKey) => WrappedKey): Promise<number> {
    return this.em.transactional(async (em) => {
      const rows = await new InstanceRepository(em).dataKeys();
      for (const row of rows) {
        const next = rewrap(row);
        await em.getConnection().execute('update "data_keys" set "wrapped" = ?, "master_key_id" = ? where "id" = ?', [next.wrapped, next.masterKeyId, row.id], 'run', em.getTransactionContext());
      }
      return rows.length;
    });
  }
}
