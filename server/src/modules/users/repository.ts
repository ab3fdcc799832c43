import { sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { PLANS } from '@ai-http/shared/api/resources';
import { User, type UserEntity } from './entity.ts';

/**
 * Accounts. Emails are compared without case, through the same `lower(email)` expression as the
 * unique index that settles two registrations racing for one address.
 */
export class UserRepository {
  private readonly em: EntityManager;

  constructor(em: EntityManager) {
    this.em = em;
  }

  /** An active account by email, with its password hash (for signing in). */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.em.findOne(User, { [sql.lower('email')]: email.toLowerCase(), deletedAt: null }, { populate: ['passwordHash'] });
  }

  async isEmailTaken(email: string): Promise<boolean> {
    return (await this.em.count(User, { [sql.lower('email')]: email.toLowerCase() })) > 0;
  }

  /** An active account by id, or null once it is deleted. */
  findActive(id: string): Promise<UserEntity | null> {
    return this.em.findOne(User, { id, deletedAt: null });
  }

  /** An active account by id, with its password hash (to check the current password). */
  findActiveWithPassword(id: string): Promise<UserEntity | null> {
    return this.em.findOne(User, { id, deletedAt: null }, { populate: ['passwordHash'] });
  }

  /** Whether another account already uses this email (any case). */
  async isEmailTakenByOther(email: string, userId: string): Promise<boolean> {
    return (await this.em.count(User, { [sql.lower('email')]: email.toLowerCase(), id: { $ne: userId } })) > 0;
  }

  /** A new account; CONFLICT-worthy races surface as the unique index's error, see isUniqueViolation. */
  async create(input: { email: string; name: string; passwordHash: string; plan?: (typeof PLANS)[number] }): Promise<UserEntity> {
    const user = this.em.create(User, { ...input, avatarUrl: null, deletedAt: null });
    await this.em.flush();
    return user;
  }

  /** Whether this active account is an admin. */
  async isAdmin(id: string): Promise<boolean> {
    return (await this.em.count(User, { id, deletedAt: null, isAdmin: true })) > 0;
  }

  /** Grants or takes back admin; false when no active account has this email. */
  async setAdmin(email: string, isAdmin: boolean): Promise<boolean> {
    return (await this.em.nativeUpdate(User, { [sql.lower('email')]: email.toLowerCase(), deletedAt: null }, { isAdmin })) > 0;
  }
}
