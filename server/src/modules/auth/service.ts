import type { EntityManager } from '@mikro-orm/sql';
import type { AccountSessionView, SessionView, UserView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';
import type { Context } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthState } from '../../http/api.ts';
import { clientKey } from '../../http/rate-limit.ts';
import { iso } from '../../http/timestamps.ts';
import type { Kv } from '../../infra/kv.ts';
import type { Services } from '../../services.ts';
import { ApiKeyRepository } from '../api-keys/repository.ts';
import type { UserEntity } from '../users/entity.ts';
import { UserRepository } from '../users/repository.ts';
import { RefreshTokenFamilyRepository } from './repository.ts';
import { ACCESS_TOKEN_SECONDS, hashPassword, randomToken, REFRESH_TOKEN_DAYS, sha256, verifyPassword } from './tokens.ts';

// A dummy hash so an unknown email costs the same time as a wrong password.
const UNKNOWN_USER_HASH = hashPassword('not-a-real-password-for-timing');
const SESSION_ENDED = 'This session has ended. Sign in again.';

export const toUserView = (user: UserEntity): UserView => ({ v: 1, id: user.id, email: user.email, name: user.name, avatarUrl: user.avatarUrl ?? null, plan: user.plan, settings: user.settings, createdAt: iso(user.createdAt) });

/** A unique index refused the write (two registrations racing for one address). */
export const isUniqueViolation = (error: unknown) => /unique|duplicate/i.test((error as Error).message);

/** A limiter shared by every process through Redis; each process counts on its own while Redis is unreachable. */
function sharedLimiter(kv: Kv, options: { keyPrefix: string; points: number; duration: number; blockDuration?: number }): RateLimiterAbstract {
  return kv.redis ? new RateLimiterRedis({ ...options, storeClient: kv.redis, keyPrefix: `${kv.redis.options.keyPrefix ?? ''}${options.keyPrefix}`, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
}

/** Repeated failed logins for one email from one address: 5 per 15 minutes, then 429. */
export const loginLimiter = (kv: Kv): RateLimiterAbstract => sharedLimiter(kv, { keyPrefix: 'login-fail', points: 5, duration: 15 * 60, blockDuration: 15 * 60 });

/** New accounts from one address: `perHour` (REGISTER_LIMIT_PER_HOUR), then 429. */
export const registerLimiter = (kv: Kv, perHour: number): RateLimiterAbstract => sharedLimiter(kv, { keyPrefix: 'register', points: perHour, duration: 60 * 60 });

export class AuthService {
  private readonly services: Services;
  private readonly limiter: RateLimiterAbstract;
  private readonly registrations: RateLimiterAbstract;

  constructor(services: Services, limiter: RateLimiterAbstract, registrations: RateLimiterAbstract) {
    this.services = services;
    this.limiter = limiter;
    this.registrations = registrations;
  }

  async register(em: EntityManager, ctx: Context, input: { email: string; password: string; name: string }): Promise<SessionView> {
    try {
      await this.registrations.consume(clientKey(ctx));
    } catch (rejected) {
      if (rejected instanceof RateLimiterRes) throw tooMany(rejected, 'Too many new accounts from this address');
      throw rejected;
    }
    const users = new UserRepository(em);
    const taken = () => new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.', { field: 'email' });
    if (await users.isEmailTaken(input.email)) throw taken();
    const user = await users.create({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password) }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
    return this.startSession(em, user);
  }

  async login(em: EntityManager, ctx: Context, input: { email: string; password: string }): Promise<SessionView> {
    const key = `${input.email.toLowerCase()}|${clientKey(ctx)}`;
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw tooMany(state);
    const user = await new UserRepository(em).findByEmail(input.email);
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await UNKNOWN_USER_HASH, input.password), false);
    if (!user || !ok) {
      try {
        await this.limiter.consume(key);
      } catch (rejected) {
        if (rejected instanceof RateLimiterRes) throw tooMany(rejected);
        throw rejected;
      }
      throw new AppError('UNAUTHENTICATED', 'The email or the password is wrong.');
    }
    await this.limiter.delete(key);
    return this.startSession(em, user);
  }

  async refresh(em: EntityManager, refreshToken: string): Promise<SessionView> {
    const families = new RefreshTokenFamilyRepository(em);
    const [familyId, secret] = refreshToken.split('.');
    const family = secret && isUuid(familyId) ? await families.find(familyId) : null;
    if (!family || family.revokedAt || family.expiresAt < new Date()) throw new AppError('UNAUTHENTICATED', SESSION_ENDED);
    const presented = sha256(refreshToken);
    const reused = async () => {
      // An older token of this family came back, or two uses raced: someone kept a copy. End the whole session.
      if (await families.revoke(family.id, 'reuse')) await this.services.revocations.revoke(family.id);
      this.services.logger.warn({ familyId: family.id, userId: family.userId }, 'refresh token reused; session revoked');
      return new AppError('UNAUTHENTICATED', SESSION_ENDED);
    };
    if (family.tokenHash !== presented) throw await reused();
    const user = await new UserRepository(em).findActive(family.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', SESSION_ENDED);
    const next = `${family.id}.${randomToken()}`;
    if (!(await families.rotate(family.id, presented, sha256(next)))) throw await reused();
    return this.session(user, family.id, next);
  }

  async logout(em: EntityManager, refreshToken: string): Promise<{ loggedOut: true }> {
    const [familyId] = refreshToken.split('.');
    if (isUuid(familyId) && (await new RefreshTokenFamilyRepository(em).revoke(familyId, 'logout', sha256(refreshToken)))) await this.services.revocations.revoke(familyId);
    return { loggedOut: true };
  }

  /**
   * Bearer access token or `aih_` API key → who is calling. `em` is called for API keys, and for
   * a token only when Redis cannot say whether its session ended.
   */
  async authenticate(em: () => EntityManager, header: string | undefined): Promise<AuthState> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <access token or API key>.');
    if (token.startsWith('aih_')) {
      const keys = new ApiKeyRepository(em());
      const key = await keys.findActive(sha256(token));
      if (!key) throw new AppError('UNAUTHENTICATED', 'This API key is unknown or revoked.');
      // Recording every use would write on every request; once a minute is enough to show "last used".
      if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) await keys.markUsed(key.id);
      return { userId: key.userId, via: 'apiKey', scopes: key.scopes };
    }
    const claims = await this.services.tokens.verify(token);
    if (!claims) throw new AppError('UNAUTHENTICATED', 'The access token is invalid or expired. Refresh it or sign in again.');
    if (await this.services.revocations.isRevoked(claims.sessionId, em)) throw new AppError('UNAUTHENTICATED', SESSION_ENDED);
    return { userId: claims.userId, via: 'token', scopes: ['read', 'write'], sessionId: claims.sessionId };
  }

  /** Changes the user's own name and email; an email another account uses is a CONFLICT on that field. */
  async updateProfile(em: EntityManager, userId: string, input: { name?: string | undefined; email?: string | undefined }): Promise<UserView> {
    const users = new UserRepository(em);
    const user = await users.findActive(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
    const taken = () => new AppError('CONFLICT', 'Another account already uses this email.', { issues: [{ path: 'email', message: 'is used by another account' }] });
    if (input.email !== undefined && (await users.isEmailTakenByOther(input.email, userId))) throw taken();
    if (input.name !== undefined) user.name = input.name;
    if (input.email !== undefined) user.email = input.email;
    await em.flush().catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
    return toUserView(user);
  }

  /**
   * Sets a new password once the current one is given (a wrong one is a field error, counted by
   * the login limiter like a failed sign-in), and ends every other session of the account: whoever
   * knew the old password is signed out; the session that asked stays.
   */
  async changePassword(em: EntityManager, ctx: Context, who: { userId: string; sessionId?: string | undefined }, input: { currentPassword: string; newPassword: string }): Promise<{ changed: true; sessionsEnded: number }> {
    const user = await new UserRepository(em).findActiveWithPassword(who.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
    const key = `${user.email.toLowerCase()}|${clientKey(ctx)}`;
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw tooMany(state);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await this.limiter.consume(key).catch((rejected: unknown) => {
        throw rejected instanceof RateLimiterRes ? tooMany(rejected) : rejected;
      });
      throw new AppError('VALIDATION_FAILED', 'The current password is wrong.', { issues: [{ path: 'currentPassword', message: 'is wrong' }] });
    }
    user.passwordHash = await hashPassword(input.newPassword);
    await em.flush();
    const families = new RefreshTokenFamilyRepository(em);
    let sessionsEnded = 0;
    for (const family of await families.listActive(user.id)) {
      if (family.id === who.sessionId || !(await families.revokeOwn(user.id, family.id, 'password'))) continue;
      await this.services.revocations.revoke(family.id);
      sessionsEnded++;
    }
    return { changed: true, sessionsEnded };
  }

  /** The user's sessions that can still be refreshed, the one asking marked current. */
  async listSessions(em: EntityManager, who: { userId: string; sessionId?: string | undefined }): Promise<{ items: AccountSessionView[] }> {
    const families = await new RefreshTokenFamilyRepository(em).listActive(who.userId);
    return { items: families.map((family) => ({ id: family.id, createdAt: iso(family.createdAt), lastUsedAt: iso(family.rotatedAt), expiresAt: iso(family.expiresAt), current: family.id === who.sessionId })) };
  }

  /** Ends one of the user's sessions at once (its access tokens too); someone else's or an ended one is NOT_FOUND. */
  async revokeSession(em: EntityManager, userId: string, id: string): Promise<{ id: string; deleted: true }> {
    if (!isUuid(id) || !(await new RefreshTokenFamilyRepository(em).revokeOwn(userId, id, 'revoked'))) throw new AppError('NOT_FOUND', 'No such active session.');
    await this.services.revocations.revoke(id);
    return { id, deleted: true };
  }

  private async startSession(em: EntityManager, user: UserEntity): Promise<SessionView> {
    const familyId = crypto.randomUUID();
    const refreshToken = `${familyId}.${randomToken()}`;
    await new RefreshTokenFamilyRepository(em).start({ id: familyId, userId: user.id, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000) });
    return this.session(user, familyId, refreshToken);
  }

  private async session(user: UserEntity, sessionId: string, refreshToken: string): Promise<SessionView> {
    return { v: 1, user: toUserView(user), accessToken: await this.services.tokens.sign(user.id, sessionId), accessTokenExpiresIn: ACCESS_TOKEN_SECONDS, refreshToken };
  }
}

function tooMany(state: RateLimiterRes, what = 'Too many failed sign-ins'): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `${what}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
}
