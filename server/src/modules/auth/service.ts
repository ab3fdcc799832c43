import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';
import type { Context } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuthState } from '../../http/api.ts';
import type { Kv } from '../../infra/kv.ts';
import type { Services } from '../../services.ts';
import { ApiKey } from '../api-keys/entity.ts';
import { User, type UserEntity } from '../users/entity.ts';
import { RefreshTokenFamily } from './entity.ts';
import { ACCESS_TOKEN_SECONDS, hashPassword, randomToken, REFRESH_TOKEN_DAYS, sha256, verifyPassword } from './tokens.ts';

// A dummy hash so an unknown email costs the same time as a wrong password.
const UNKNOWN_USER_HASH = hashPassword('not-a-real-password-for-timing');

export const userView = (user: UserEntity) => ({ id: user.id, email: user.email, name: user.name, avatarUrl: user.avatarUrl ?? null, plan: user.plan, settings: user.settings, createdAt: user.createdAt });

/** Repeated failed logins for one email from one address: 5 per 15 minutes, then 429. */
export function loginLimiter(kv: Kv): RateLimiterAbstract {
  const options = { keyPrefix: 'login-fail', points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
  // If Redis is unreachable, each process falls back to counting on its own rather than failing logins.
  return kv.redis ? new RateLimiterRedis({ ...options, storeClient: kv.redis, keyPrefix: `${kv.redis.options.keyPrefix ?? ''}login-fail`, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
}

export class AuthService {
  private readonly services: Services;
  private readonly limiter: RateLimiterAbstract;

  constructor(services: Services, limiter: RateLimiterAbstract) {
    this.services = services;
    this.limiter = limiter;
  }

  async register(em: EntityManager, input: { email: string; password: string; name: string }) {
    const existing = await em.getConnection().execute('select 1 from "users" where lower("email") = lower(?) limit 1', [input.email]);
    if (existing.length) throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.', { field: 'email' });
    const user = em.create(User, { email: input.email, name: input.name, passwordHash: await hashPassword(input.password), avatarUrl: null, deletedAt: null });
    try {
      await em.flush();
    } catch (error) {
      // Two registrations racing for one address: the unique index decides.
      if (/unique|duplicate/i.test((error as Error).message)) throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.', { field: 'email' });
      throw error;
    }
    return this.startSession(em, user);
  }

  async login(em: EntityManager, ctx: Context, input: { email: string; password: string }) {
    const key = `${input.email.toLowerCase()}|${ctx.ip}`;
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw tooMany(state);
    const user = await em.findOne(User, { email: { $ilike: input.email.replace(/[\\%_]/g, '\\$&') }, deletedAt: null }, { populate: ['passwordHash'] });
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

  async refresh(em: EntityManager, refreshToken: string) {
    const [familyId, secret] = refreshToken.split('.');
    const family = secret && isUuid(familyId) ? await em.findOne(RefreshTokenFamily, { id: familyId }) : null;
    if (!family || family.revokedAt || family.expiresAt < new Date()) throw new AppError('UNAUTHENTICATED', 'This session has ended. Sign in again.');
    if (family.tokenHash !== sha256(refreshToken)) {
      // An older token of this family came back: someone kept a copy. End the whole session.
      family.revokedAt = new Date();
      family.revokedReason = 'reuse';
      await em.flush();
      this.services.logger.warn({ familyId: family.id, userId: family.userId }, 'refresh token reused; session revoked');
      throw new AppError('UNAUTHENTICATED', 'This session has ended. Sign in again.');
    }
    const user = await em.findOne(User, { id: family.userId, deletedAt: null });
    if (!user) throw new AppError('UNAUTHENTICATED', 'This session has ended. Sign in again.');
    const next = `${family.id}.${randomToken()}`;
    family.tokenHash = sha256(next);
    family.generation += 1;
    family.rotatedAt = new Date();
    await em.flush();
    return { user: userView(user), accessToken: await this.services.tokens.sign(user.id), accessTokenExpiresIn: ACCESS_TOKEN_SECONDS, refreshToken: next };
  }

  async logout(em: EntityManager, refreshToken: string) {
    const [familyId] = refreshToken.split('.');
    const family = isUuid(familyId) ? await em.findOne(RefreshTokenFamily, { id: familyId }) : null;
    if (family && family.tokenHash === sha256(refreshToken) && !family.revokedAt) {
      family.revokedAt = new Date();
      family.revokedReason = 'logout';
      await em.flush();
    }
    return { loggedOut: true };
  }

  /** Bearer access token or `aih_` API key → who is calling. */
  /** `em` is called only for API keys: a token check needs no database, so no unit of work is opened. */
  async authenticate(em: () => EntityManager, header: string | undefined): Promise<AuthState> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <access token or API key>.');
    if (token.startsWith('aih_')) {
      const key = await em().findOne(ApiKey, { keyHash: sha256(token), revokedAt: null, deletedAt: null });
      if (!key) throw new AppError('UNAUTHENTICATED', 'This API key is unknown or revoked.');
      // Recording every use would write on every request; once a minute is enough to show "last used".
      if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
        await em().getConnection().execute('update "api_keys" set "last_used_at" = now() where "id" = ?', [key.id]);
      }
      return { userId: key.userId, via: 'apiKey', scopes: key.scopes };
    }
    const userId = await this.services.tokens.verify(token);
    if (!userId) throw new AppError('UNAUTHENTICATED', 'The access token is invalid or expired. Refresh it or sign in again.');
    return { userId, via: 'token', scopes: ['read', 'write'] };
  }

  private async startSession(em: EntityManager, user: UserEntity) {
    const familyId = crypto.randomUUID();
    const refreshToken = `${familyId}.${randomToken()}`;
    em.create(RefreshTokenFamily, { id: familyId, userId: user.id, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000), revokedAt: null, revokedReason: null });
    await em.flush();
    return { user: userView(user), accessToken: await this.services.tokens.sign(user.id), accessTokenExpiresIn: ACCESS_TOKEN_SECONDS, refreshToken };
  }
}

function tooMany(state: RateLimiterRes): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
}
