import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import type { Redis } from 'ioredis';
import { limitedClient } from '../infra/outbound.ts';

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  msBeforeNext: number;
}

/**
 * Fixed-window request counts per key (a client address) that never make a request wait on
 * Redis. Each process counts locally and, every `syncMs`, adds what it counted to the shared
 * Redis counters in one pipeline and reads the cluster-wide totals back. Within a process the
 * limit is exact; across processes a key can overshoot by what the others counted since their
 * last sync. A Redis that is down leaves each process limiting on its own counts.
 */
export class WindowRateLimiter {
  private window = -1;
  /** Cluster-wide totals for this window, as of the last sync (they include our synced counts). */
  private readonly synced = new Map<string, number>();
  /** Counted here since the last sync. */
  private pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  private readonly points: number;
  private readonly windowMs: number;
  private readonly redis: Redis | null;
  private readonly prefix: string;

  constructor({ points, windowMs, redis, prefix = 'rl:', syncMs = 200 }: { points: number; windowMs: number; redis: Redis | null; prefix?: string; syncMs?: number }) {
    this.points = points;
    this.windowMs = windowMs;
    this.redis = redis;
    this.prefix = prefix;
    if (redis) {
      this.timer = setInterval(() => void this.sync(), syncMs);
      this.timer.unref();
    }
  }

  /** Counts one request for `key` and says whether it is within the limit. */
  take(key: string, now = Date.now()): RateLimitDecision {
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      // A new window starts from zero; counts of the old one still waiting to sync are dropped.
      this.window = window;
      this.synced.clear();
      this.pending.clear();
    }
    const msBeforeNext = (window + 1) * this.windowMs - now;
    const mine = this.pending.get(key) ?? 0;
    const used = (this.synced.get(key) ?? 0) + mine;
    if (used >= this.points) return { allowed: false, remaining: 0, msBeforeNext };
    this.pending.set(key, mine + 1);
    return { allowed: true, remaining: this.points - used - 1, msBeforeNext };
  }

  /** Sends the local counts to Redis and takes the cluster-wide totals back (at most one sync at a time). */
  sync(): Promise<void> {
    this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flush(): Promise<void> {
    if (!this.redis || this.pending.size === 0) return;
    const window = this.window;
    const counts = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [key, count] of counts) pipeline.incrby(`${this.prefix}${window}:${key}`, count).pexpire(`${this.prefix}${window}:${key}`, this.windowMs * 2);
    const replies = await pipeline.exec().catch(() => null);
    if (window !== this.window) return;
    let i = 0;
    for (const [key, count] of counts) {
      const [error, total] = replies?.[i] ?? [new Error('no reply')];
      i += 2;
      // Without Redis's answer, keep counting on our own numbers.
      const known = error ? (this.synced.get(key) ?? 0) + count : Number(total);
      this.synced.set(key, Math.max(known, this.synced.get(key) ?? 0));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }
}

/** The client a request's per-address limits count: its address, an IPv6 one by its /64 (`limitedClient`). */
export const clientKey = (ctx: Context): string => limitedClient(ctx.ip);

/** Counts a request against its client address's limit (or another key's: a user's); throws RATE_LIMITED past it. */
export function enforceRateLimit(limiter: WindowRateLimiter, ctx: Context, key = clientKey(ctx), who = 'this address'): void {
  const decision = limiter.take(key);
  if (!decision.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.msBeforeNext / 1000));
    throw new AppError('RATE_LIMITED', `Too many requests from ${who}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
  ctx.set('RateLimit-Remaining', String(decision.remaining));
}
