import type { Middleware } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Kv } from '../infra/kv.ts';

/** Requests per client address per minute, shared by every process through Redis. */
export function rateLimit(kv: Kv, perMinute: number): Middleware {
  const options = { points: perMinute, duration: 60 };
  const limiter = kv.redis ? new RateLimiterRedis({ ...options, storeClient: kv.redis, keyPrefix: `${kv.redis.options.keyPrefix ?? ''}rl`, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
  return async (ctx, next) => {
    try {
      const state = await limiter.consume(ctx.ip);
      ctx.set('RateLimit-Remaining', String(state.remainingPoints));
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `Too many requests from this address. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
    }
    await next();
  };
}
