import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorEnvelopeSchema } from '@ai-http/shared';
import { UUID_PATTERN } from '@ai-http/shared/ids';
import { startTestServer, type TestServer } from './helpers.ts';

describe('walking skeleton over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('runs on the store its project names (a guard: both projects once ran embedded)', () => {
    expect(inject('store').kind).toBe(process.env.AIHTTP_TEST_STORE);
  });

  it('answers liveness with the success envelope', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, data: { status: 'ok' } });
  });

  it('reports readiness of the database and Redis it really runs on', async () => {
    const res = await fetch(`${server.url}/readyz`);
    const body = (await res.json()) as { data: { checks: { name: string; kind: string; ok: boolean }[] } };
    expect(res.status).toBe(200);
    const [database, redis] = inject('store').kind === 'postgres' ? ['postgres', 'redis'] : ['embedded', 'memory'];
    expect(body.data.checks.map((c) => `${c.name}:${c.kind}`)).toEqual([`database:${database}`, `schema:${database}`, `redis:${redis}`]);
    expect(body.data.checks.every((c) => c.ok)).toBe(true);
  });

  it('answers unknown routes with a 404 envelope', async () => {
    const res = await fetch(`${server.url}/no/such/route?x=1`, { method: 'POST' });
    expect(res.status).toBe(404);
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('POST /no/such/route');
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(UUID_PATTERN);
  });

  it('really reaches the database it reports', async () => {
    const rows = await server.app.services.database.orm.em.fork().getConnection().execute('select installation_id from server_meta');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.installation_id).toMatch(UUID_PATTERN);
  });
});

describe('readiness when Redis is down', () => {
  it('answers 503 with the envelope naming the failed check, and stays alive', async () => {
    const server = await startTestServer({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      const body = errorEnvelopeSchema.parse(await res.json());
      expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.message).toContain('redis');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
