import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closedPort } from '../../tests/support/n8n.ts';
import { WindowRateLimiter } from '../src/http/rate-limit.ts';
import { apiClient, startTestServer, type TestServer } from './helpers.ts';

const MINUTE = 60_000;

describe('the API rate limit per client address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => server.close());

  it('counts down in RateLimit-Remaining, then answers 429 in the envelope with Retry-After', async () => {
    // The window is a calendar minute: start well inside one, so all six requests share it.
    const intoMinute = Date.now() % MINUTE;
    if (intoMinute > MINUTE - 5_000) await new Promise((resolve) => setTimeout(resolve, MINUTE - intoMinute + 50));
    const api = apiClient(server.url);
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 5; i++) remaining.push((await api.call('GET', '/api/v1/templates')).headers.get('ratelimit-remaining'));
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const blocked = await api.call<{ success: boolean; error: { code: string; details: { retryAfterSeconds: number } } }>('GET', '/api/v1/templates');
    expect(blocked.status).toBe(429);
    expect(blocked.body.success).toBe(false);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBe(blocked.body.error.details.retryAfterSeconds);
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Health checks are not limited: a load balancer must still see the process.
    expect((await api.call('GET', '/healthz')).status).toBe(200);
  });
});

describe('the client address the limits count (X-Forwarded-For)', () => {
  /** Sends requests until the limit answers 429; how many went through. */
  async function allowed(url: string, forwardedFor: (i: number) => string | undefined, tries = 8): Promise<number> {
    let passed = 0;
    for (let i = 0; i < tries; i++) {
      const header = forwardedFor(i);
      const res = await fetch(`${url}/api/v1/templates`, { headers: header === undefined ? {} : { 'x-forwarded-for': header } });
      await res.body?.cancel();
      if (res.status !== 429) passed++;
    }
    return passed;
  }
  const inOneWindow = async () => {
    const intoMinute = Date.now() % MINUTE;
    if (intoMinute > MINUTE - 8_000) await new Promise((resolve) => setTimeout(resolve, MINUTE - intoMinute + 50));
  };

  it('ignores X-Forwarded-For without TRUST_PROXY: a new header per request does not get past the limit', async () => {
    const server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      await inOneWindow();
      expect(await allowed(server.url, (i) => [`10.0.0.${i}`, `203.0.113.${i}`, `::ffff:198.51.100.${i}`, `127.0.0.${i}`][i % 4])).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('with TRUST_PROXY, counts each client the proxy saw (the last X-Forwarded-For hop), not the proxy as one client', async () => {
    const server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' });
    try {
      await inOneWindow();
      // Two clients behind the one proxy each get their own limit.
      expect(await allowed(server.url, () => '203.0.113.1')).toBe(3);
      expect(await allowed(server.url, () => '203.0.113.2')).toBe(3);
      // A client that writes its own X-Forwarded-For first gains nothing: the proxy appends the address it saw.
      expect(await allowed(server.url, (i) => `198.51.100.${i}, 203.0.113.1`)).toBe(0);
      // An IPv6 client is its /64 (what one customer gets to pick addresses from): a new address in it each time gains nothing.
      expect(await allowed(server.url, (i) => `2001:db8:1:2:${i}::${i + 1}`)).toBe(3);
      expect(await allowed(server.url, (i) => `2001:db8:1:2:ffff:${i}:${i}:${i}`)).toBe(0);
      expect(await allowed(server.url, () => '2001:db8:1:3::1')).toBe(3);
      // The same IPv4 address written as mapped IPv6 is the same client.
      expect(await allowed(server.url, () => '::ffff:203.0.113.1')).toBe(0);
      // Register's limit counts the same address.
      const register = (i: number, from: string) => fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ email: `proxy-${i}-${Date.now()}@example.com`, password: 'a-long-password-1', name: 'P' }) });
      expect((await register(1, '203.0.113.9')).status).toBe(201);
    } finally {
      await server.close();
    }
  });
});

describe('WindowRateLimiter', () => {
  it('starts every window from zero and says how long until the next one', () => {
    const limiter = new WindowRateLimiter({ points: 2, windowMs: MINUTE, redis: null });
    const start = 10 * MINUTE;
    expect(limiter.take('a', start).allowed).toBe(true);
    expect(limiter.take('a', start + 1).allowed).toBe(true);
    expect(limiter.take('a', start + 2)).toEqual({ allowed: false, remaining: 0, msBeforeNext: MINUTE - 2 });
    expect(limiter.take('b', start + 3).allowed).toBe(true); // another address has its own count
    expect(limiter.take('a', start + MINUTE)).toEqual({ allowed: true, remaining: 1, msBeforeNext: MINUTE });
  });

  it('keeps limiting on its own counts when Redis is down', async () => {
    const redis = new Redis({ port: await closedPort(), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const limiter = new WindowRateLimiter({ points: 3, windowMs: MINUTE, redis });
    const now = Date.now() - (Date.now() % MINUTE) + 1_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('a', now).allowed).toBe(true);
    await limiter.sync();
    expect(limiter.take('a', now).allowed).toBe(false);
    await limiter.close();
    redis.disconnect();
  });

  const store = inject('store');
  if (store.kind === 'postgres') it('shares the counts between processes through Redis', async () => {
    const prefix = `${store.redisKeyPrefix}rl-${Math.random().toString(36).slice(2)}:`;
    const url = store.redisUrl;
    // Two processes, each with its own connection, on the same counters.
    const [a, b] = [new Redis(url), new Redis(url)];
    const limiterA = new WindowRateLimiter({ points: 10, windowMs: MINUTE, redis: a, prefix });
    const limiterB = new WindowRateLimiter({ points: 10, windowMs: MINUTE, redis: b, prefix });
    const now = Date.now() - (Date.now() % MINUTE) + 1_000;
    for (let i = 0; i < 6; i++) expect(limiterA.take('203.0.113.9', now).allowed).toBe(true);
    await limiterA.sync();
    // B has not counted this address yet; its first sync brings A's six in.
    expect(limiterB.take('203.0.113.9', now).remaining).toBe(9);
    await limiterB.sync();
    const allowed = Array.from({ length: 5 }, () => limiterB.take('203.0.113.9', now).allowed);
    expect(allowed).toEqual([true, true, true, false, false]); // 6 on A + 4 on B = 10
    await Promise.all([limiterA.close(), limiterB.close()]);
    a.disconnect();
    b.disconnect();
  });
});
