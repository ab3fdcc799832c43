// While the database cannot be reached the API answers 503 SERVICE_UNAVAILABLE with Retry-After,
// never a 500, and no client sees the driver's error (the database name, the address); /readyz
// says "not ready" without the detail too, and also when the schema is older than the code.
// Postgres goes down for real: the test server reaches its own database through a TCP relay that
// the test cuts and restores. The embedded store, which lives in the process, goes down by
// closing PGlite under the server.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, signUp, startTestServer, TcpRelay, type TestServer } from './helpers.ts';

describe('store outage', () => {
  const store = inject('store');
  let server: TestServer;
  let relay: TcpRelay | undefined;
  let admin: pg.Client | undefined;
  let database = '';

  beforeAll(async () => {
    if (store.kind === 'postgres') {
      const url = new URL(store.databaseUrl);
      admin = new pg.Client({ connectionString: store.databaseUrl });
      await admin.connect();
      database = `${url.pathname.slice(1)}_outage`;
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.query(`create database "${database}"`);
      relay = new TcpRelay({ host: url.hostname, port: Number(url.port || 5432) });
      await relay.open();
      url.host = `127.0.0.1:${relay.port}`;
      url.pathname = `/${database}`;
      server = await startTestServer({ DATABASE_URL: url.toString(), RATE_LIMIT_PER_MINUTE: '1000000' });
    } else {
      server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
    }
  });
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    if (admin) {
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
    }
  });

  const takeDown = async () => {
    if (relay) return relay.cut();
    const connection = server.app.services.database.orm.em.getConnection() as unknown as { getNativeClient(): Promise<{ close(): Promise<void> }> };
    await (await connection.getNativeClient()).close();
  };

  it('reports ready on a migrated schema, and not ready (without detail) when the schema is behind the code', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const connection = server.app.services.database.orm.em.fork().getConnection();
    const [last] = (await connection.execute('select "name" from "mikro_orm_migrations" order by "id" desc limit 1')) as { name: string }[];
    await connection.execute('delete from "mikro_orm_migrations" where "name" = ?', [last!.name]);
    try {
      const behind = await fetch(`${server.url}/readyz`);
      const body = (await behind.json()) as { error: { code: string; message: string } };
      expect([behind.status, body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(body.error.message).toMatch(/schema/i);
    } finally {
      await connection.execute('insert into "mikro_orm_migrations" ("name", "executed_at") values (?, now())', [last!.name]);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, never a 500 or the driver error, while the database is down', async () => {
    const api = apiClient(server.url);
    const { accessToken: token } = await signUp(api, 'outage');
    expect((await api.call('GET', '/api/v1/requests', { token })).status).toBe(200);
    await takeDown();
    const calls = [
      () => api.call('GET', '/api/v1/requests', { token }),
      // A write opens a transaction; a closed PGlite (the embedded stand-in for an outage, since
      // that store lives in the process) never settles one, so writes are tried on Postgres only.
      ...(relay ? [() => api.call('POST', '/api/v1/requests', { token, body: { name: 'x', request: { v: 1, method: 'GET', url: 'https://x.test' } } })] : []),
      () => api.call('GET', '/api/v1/templates', { token }),
      () => api.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'whatever-password' } }),
      () => api.call('GET', '/readyz'),
    ];
    for (const call of calls) {
      const res = await call();
      const text = JSON.stringify(res.body);
      expect(res.status, text).toBe(503);
      expect((res.body as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(res.headers.get('retry-after')), text).toBeGreaterThan(0);
      for (const detail of [/ECONNREFUSED|ECONNRESET|terminated|closed|timeout/i, /5432|127\.0\.0\.1/, database || /postgres/]) expect(text).not.toMatch(detail);
    }
    if (relay) {
      await relay.open();
      // The pool reconnects by itself once the database is back.
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = (await api.call('GET', '/api/v1/requests', { token })).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    }
  }, 20_000);
});
