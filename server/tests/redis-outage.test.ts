// With Redis down, a write that committed answers success (it used to answer 500 after the commit,
// so clients retried and made duplicates): the cache invalidation that failed is logged, counted
// in /metrics and retried until Redis takes it; the writer's own next read is already fresh.
// Redis goes down for real: the server reaches it through a TCP relay the test cuts and restores.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKv } from '../src/infra/kv.ts';
import { SessionRevocations } from '../src/modules/auth/revocations.ts';
import { apiClient, capturedLogger, signUp, startTestServer, TcpRelay, type TestServer } from './helpers.ts';

const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

describe('Redis outage', () => {
  let server: TestServer;
  const relay = new TcpRelay({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) });
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    await relay.open();
    // Both projects: their own database, and Redis through the relay.
    server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${relay.port}`, REDIS_KEY_PREFIX: `aihttp:test:redis-outage:${randomUUID().slice(0, 8)}:`, RATE_LIMIT_PER_MINUTE: '1000000' }, { logger });
  });
  afterAll(() => server?.close());

  it('answers a committed write with success, counts and logs the failed invalidation, and repairs it when Redis is back', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'redis-outage');
    expect((await api.call('GET', '/api/v1/templates', { token: user.accessToken })).status).toBe(200);
    await relay.cut();
    const name = `Made while Redis is down ${randomUUID().slice(0, 8)}`;
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: user.accessToken, body: { service: 'Acme', name, request: { v: 1, method: 'GET', url: 'https://api.example.com' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows = (await server.app.services.database.orm.em.fork().getConnection().execute('select count(*)::int as n from "templates" where "name" = ?', [name])) as { n: number }[];
    expect(rows[0]!.n).toBe(1);
    // The writer's next read already has it.
    const listed = await api.call<{ data: { items: { id: string }[] } }>('GET', '/api/v1/templates?limit=100', { token: user.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((item) => item.id)).toContain(created.body.data.id);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^cache_invalidation_failures_total\{cache="api"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes('cache invalidation did not reach Redis'))).toBe(true);

    await relay.open();
    const { cache, kv } = server.app.services;
    for (let attempt = 0; attempt < 100 && !cache.settled; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cache.settled).toBe(true);
    // The version other processes read is the one the write set.
    expect(await kv.get(`cache:api:version:${user.id}`)).toBe(await cache.version(user.id));
  }, 30_000);

  it('a logout made while Redis is down still ends the session on the other processes once Redis is back', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'redis-outage-logout');
    const [sessionId] = user.refreshToken.split('.') as [string];
    // Another process of the cluster: its own revocation list on the same Redis (reached directly).
    const { config, database } = server.app.services;
    const otherKv = createKv({ ...config.redis, url: REDIS_URL.href } as typeof config.redis);
    const other = new SessionRevocations(otherKv, pino({ level: 'silent' }));
    try {
      expect(await other.isRevoked(sessionId, () => database.fork())).toBe(false);
      await relay.cut();
      expect((await api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/me', { token: user.accessToken })).status).toBe(401);
      expect(server.app.services.revocations.settled).toBe(false);
      await relay.open();
      // Past the 5 s the other process trusts its last "not ended" answer: it asks Redis again.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(server.app.services.revocations.settled).toBe(true);
      expect(await other.isRevoked(sessionId, () => database.fork())).toBe(true);
    } finally {
      await other.stop();
      await otherKv.close();
    }
  }, 30_000);
});
