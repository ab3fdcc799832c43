// With Redis down, a write that committed answers success (it used to answer 500 after the commit,
// so clients retried and made duplicates): the cache invalidation that failed is logged, counted
// in /metrics and retried until Redis takes it; the writer's own next read is already fresh.
// Redis goes down for real: the server reaches it through a TCP relay the test cuts and restores.
import { createHmac, randomUUID } from 'node:crypto';
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

  it('answers every kind of write while Redis is down with success or 503 and Retry-After, never a 500', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'redis-outage-writes');
    const token = user.accessToken;
    const request = { v: 1, method: 'GET', url: 'https://api.example.com' };
    const made = async (path: string, body: unknown) => (await api.call<{ data: { id: string } }>('POST', path, { token, body })).body.data.id;
    const template = await made('/api/v1/templates', { service: 'Acme', name: 'T', request });
    const saved = await made('/api/v1/requests', { name: 'R', request });
    const instance = await made('/api/v1/instances', { name: 'I', url: 'https://n8n.example.com', apiKey: 'n8n_api_outage_0123456789' });
    const key = (await api.call<{ data: { apiKey: { id: string } } }>('POST', '/api/v1/api-keys', { token, body: { name: 'k' } })).body.data.apiKey.id;
    const hook = (await api.call<{ data: { url: string; secret: string } }>('GET', `/api/v1/instances/${instance}/hook`, { token })).body.data;
    const second = (await api.call<{ data: { refreshToken: string } }>('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).body.data;
    const third = (await api.call<{ data: { refreshToken: string } }>('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } })).body.data;
    const notice = JSON.stringify({ v: 1, id: '4242', workflowId: 'w1', status: 'error', mode: 'webhook', startedAt: new Date().toISOString(), stoppedAt: new Date().toISOString(), data: { resultData: { runData: {}, error: { message: 'x' } } }, workflowData: { id: 'w1', name: 'W', nodes: [] } });
    await relay.cut();
    const answers: string[] = [];
    const check = async (label: string, answer: Promise<{ status: number; headers?: Headers }> | Promise<Response>) => {
      const { status, headers } = await answer;
      if (status >= 500 && !(status === 503 && headers?.get('retry-after'))) answers.push(`${label}: ${status}`);
    };
    const call = (method: string, path: string, body?: unknown) => fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    await check('register', call('POST', '/api/v1/auth/register', { email: `outage-${randomUUID().slice(0, 8)}@example.com`, password: 'a-long-password-1', name: 'O' }));
    await check('login', call('POST', '/api/v1/auth/login', { email: user.email, password: user.password }));
    await check('refresh', call('POST', '/api/v1/auth/refresh', { refreshToken: second.refreshToken }));
    for (const [path, body, patch] of [['/api/v1/templates', { service: 'Acme', name: 'T2', request }, { name: 'T3' }], ['/api/v1/requests', { name: 'R2', request }, { name: 'R3' }], ['/api/v1/instances', { name: 'I2', url: 'https://n8n2.example.com', apiKey: 'n8n_api_outage_0123456789' }, { name: 'I3' }]] as const) await check(`POST ${path}`, call('POST', path, body)).then(() => check(`PATCH ${path}`, call('PATCH', `${path}/${{ '/api/v1/templates': template, '/api/v1/requests': saved, '/api/v1/instances': instance }[path]}`, patch)));
    await check('POST /api-keys', call('POST', '/api/v1/api-keys', { name: 'k2' }));
    await check('DELETE /api-keys/:id', call('DELETE', `/api/v1/api-keys/${key}`));
    await check('PATCH /me/profile', call('PATCH', '/api/v1/me/profile', { name: 'Renamed' }));
    await check('POST /sync/push', call('POST', '/api/v1/sync/push', { v: 1, clientId: 'outage-client-0001', mutations: [{ mid: 1, op: 'create', entity: 'savedRequest', id: 'o-1', v: 1, fields: { kind: 'template', name: 'O', tags: [], request, values: {} }, stamp: '00mhxyz00:000000:outg' }] }));
    const timestamp = Date.now();
    await check('POST /hooks/n8n/:id', fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': String(timestamp), 'x-aihttp-signature': createHmac('sha256', hook.secret).update(`${timestamp}.${notice}`).digest('hex') }, body: notice }));
    await check('logout', call('POST', '/api/v1/auth/logout', { refreshToken: third.refreshToken }));
    await check('DELETE /templates/:id', call('DELETE', `/api/v1/templates/${template}`));
    await relay.open();
    expect(answers).toEqual([]);
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
