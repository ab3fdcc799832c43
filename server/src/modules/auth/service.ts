import type { EntityManager } from '@mikro-orm/sql';
import type { SessionView, UserView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';
import type { Context } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthState } from '../../http/api.ts';
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
      await this.registrations.consume(ctx.ip);
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
    const key = `${input.email.toLowerCase()}|${ctx.ip}`;
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
    return { userId: claims.userId, via: 'token', scopes: ['read', 'write'] };
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
