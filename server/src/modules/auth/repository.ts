import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { RefreshTokenFamily, type RefreshTokenFamilyEntity } from './entity.ts';

/** The refresh-token families (one per login); each holds the hash of its newest token only. */
export class RefreshTokenFamilyRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  async start(family: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
    this.em.create(RefreshTokenFamily, { ...family, revokedAt: null, revokedReason: null });
    await this.em.flush();
  }

  find(id: string): Promise<RefreshTokenFamilyEntity | null> {
    return this.em.findOne(RefreshTokenFamily, { id });
  }

  /**
   * Moves the family from the presented token to the next one, in one conditional update: of
   * several uses of the same token at once exactly one succeeds. False when the token is no
   * longer the newest, or the family ended meanwhile.
   */
  async rotate(id: string, presentedHash: string, nextHash: string): Promise<boolean> {
    const result = await this.em
      .createQueryBuilder(RefreshTokenFamily)
      .update({ tokenHash: nextHash, generation: raw('"generation" + 1'), rotatedAt: new Date() })
      .where({ id, tokenHash: presentedHash, revokedAt: null })
      .execute('run');
    return result.affectedRows > 0;
  }

  /**
   * Ends the family; with `tokenHash`, only if that is still its newest token (a logout of an old
   * token ends nothing). True when this call ended it.
   */
  async revoke(id: string, reason: 'reuse' | 'logout' | 'revoked' | 'password', tokenHash?: string): Promise<boolean> {
    return (await this.em.nativeUpdate(RefreshTokenFamily, { id, revokedAt: null, ...(tokenHash ? { tokenHash } : {}) }, { revokedAt: new Date(), revokedReason: reason })) > 0;
  }

  /** A user's sessions that can still be refreshed, most recently used first. */
  listActive(userId: string): Promise<RefreshTokenFamilyEntity[]> {
    return this.em.find(RefreshTokenFamily, { userId, revokedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { rotatedAt: 'desc' } });
  }

  /** Ends one of the user's sessions (another user's id ends nothing). True when this call ended it. */
  async revokeOwn(userId: string, id: string, reason: 'revoked' | 'password'): Promise<boolean> {
    return (await this.em.nativeUpdate(RefreshTokenFamily, { id, userId, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason })) > 0;
  }

  /**
   * Forgets sessions that can no longer be used: expired, or ended before `endedBefore`. A missing
   * family reads as ended everywhere (refresh, the revocation check), so forgetting is safe.
   */
  async purgeEnded(endedBefore: Date): Promise<number> {
    return this.em.nativeDelete(RefreshTokenFamily, { $or: [{ expiresAt: { $lt: new Date() } }, { revokedAt: { $lt: endedBefore } }] });
  }
}
