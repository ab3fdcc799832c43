// Hostile and careless input: 10,000 random or malformed requests never produce a 5xx and always
// answer in the envelope; and no secret (password, its hash, an API key, a refresh token, an
// n8n key) ever shows up in a response body or a log line.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import { createExecutionPoller, MAX_NEW_EXECUTIONS_PER_POLL, MAX_WORKFLOW_PAGES } from '../src/modules/executions/poller.ts';
import { apiClient, capturedLogger, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

// A small seeded generator, so a failure can be replayed with the same seed.
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const PATHS = ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/instances', '/api/v1/instances/{id}', '/api/v1/instances/{id}/test', '/api/v1/requests', '/api/v1/requests/{id}', '/api/v1/templates', '/api/v1/templates/{id}', '/api/v1/api-keys', '/api/v1/api-keys/{id}', '/healthz', '/readyz', '/openapi.json', '/nope', '/api/v1/../../etc/passwd', '/api/v1/%00', '/api/v1/requests?limit=-1', '/api/v1/requests?cursor=%E0%A4%A', '/api/v1/workflows?range=%00', '/api/v1/executions?from=2026-13-45T99:00:00Z&instanceId=x', '/api/v1/executions?cursor=WyIyMDI2IiwiJ29yMT0xIl0', '/api/v1/stats?range=7d&workflowId=%27%3B%20drop%20table%20executions'];
const IDS = ['00000000-0000-0000-0000-000000000000', 'not-a-uuid', "1' or '1'='1", '%2e%2e', 'ä'.repeat(40), '-1', ''];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

function randomValue(r: ReturnType<typeof random>, depth = 0): unknown {
  const kind = r.pick(['string', 'number', 'bool', 'null', 'array', 'object', 'huge', 'unicode', 'proto']);
  if (depth > 3) return 'leaf';
  switch (kind) {
    case 'string':
      return r.pick(['', ' ', 'x', 'a@b', 'ada@example.com', '<script>alert(1)</script>', "'; drop table users; --", 'https://n8n.example.com', 'ftp://x', '{{x}}']);
    case 'number':
      return r.pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.14]);
    case 'bool':
      return r.next() > 0.5;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.floor(r.next() * 4) }, () => randomValue(r, depth + 1));
    case 'object':
      return Object.fromEntries(Array.from({ length: Math.floor(r.next() * 5) }, () => [r.pick(['email', 'password', 'name', 'url', 'apiKey', 'request', 'scopes', 'refreshToken', 'isPublic', 'v', 'method', 'body', 'tags', '']), randomValue(r, depth + 1)]));
    case 'huge':
      return 'y'.repeat(Math.floor(r.next() * 40_000));
    case 'unicode':
      return '\u0000\uffff\ud800 名前 🙂';
    default:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
  }
}

describe('hostile input', () => {
  let server: TestServer;
  let api: ApiClient;
  const { logger, lines: logLines } = capturedLogger();

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' }, { logger });
    api = apiClient(server.url);
  });
  afterAll(() => server?.close());

  it('answers 10,000 random or malformed requests without a single 5xx, every error in the envelope', async () => {
    const { accessToken } = await signUp(api, 'fuzz');
    const r = random(20261124);
    const failures: string[] = [];
    let errors = 0;
    const one = async () => {
      const method = r.pick(METHODS);
      const path = r.pick(PATHS).replace('{id}', encodeURIComponent(r.pick(IDS)));
      const headers: Record<string, string> = {};
      const auth = r.pick(['none', 'good', 'garbage', 'apikey', 'basic']);
      if (auth === 'good') headers.authorization = `Bearer ${accessToken}`;
      if (auth === 'garbage') headers.authorization = `Bearer ${r.pick(['', 'x.y.z', 'a'.repeat(5000), 'aih_', 'eyJhbGciOiJub25lIn0.e30.'])}`;
      if (auth === 'apikey') headers.authorization = 'Bearer aih_deadbeef_000000000000000000000000';
      if (auth === 'basic') headers.authorization = 'Basic YTpi';
      let body: string | undefined;
      if (!['GET', 'HEAD'].includes(method) && r.next() > 0.2) {
        const shape = r.pick(['json', 'json', 'json', 'broken', 'form', 'empty']);
        headers['content-type'] = shape === 'form' ? 'application/x-www-form-urlencoded' : r.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/vnd.api+json']);
        body = shape === 'json' ? JSON.stringify(randomValue(r)) : shape === 'broken' ? '{"a":' : shape === 'form' ? 'a=1&b=2' : '';
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await res.text();
      if (res.status >= 500) failures.push(`${res.status} ${method} ${path} ${text.slice(0, 200)}`);
      if (res.status >= 400 && method !== 'HEAD') {
        errors++;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        if (!errorEnvelopeSchema.safeParse(parsed).success) failures.push(`not an envelope: ${res.status} ${method} ${path} ${text.slice(0, 200)}`);
      }
    };
    const total = 10_000;
    let sent = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (sent < total) {
          sent++;
          await one();
        }
      }),
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(errors).toBeGreaterThan(5_000);
  }, 240_000);

  it('never puts a password, its hash, an API key, a refresh token or an n8n key in a response or a log line', async () => {
    const responses: string[] = [];
    const call = async (method: string, path: string, init: { body?: unknown; token?: string } = {}) => {
      const res = await api.call<Record<string, unknown>>(method, path, init);
      responses.push(JSON.stringify(res.body));
      return res.body as { data: Record<string, unknown> & { accessToken: string; refreshToken: string; key: string; id: string } };
    };
    const password = 'Leak-Test-Password-42!';
    const n8nKey = 'n8n_api_leak_test_0123456789abcdef';
    const session = await call('POST', '/api/v1/auth/register', { body: { email: `leak-${Date.now()}@example.com`, password, name: 'Leak' } });
    const token = session.data.accessToken;
    const login = await call('POST', '/api/v1/auth/login', { body: { email: (session.data.user as { email: string }).email, password } });
    await call('POST', '/api/v1/auth/login', { body: { email: (session.data.user as { email: string }).email, password: `${password}-wrong` } });
    const key = (await call('POST', '/api/v1/api-keys', { token, body: { name: 'leak', scopes: ['read', 'write'] } })).data.key;
    await call('GET', '/api/v1/me', { token: key });
    const instance = await call('POST', '/api/v1/instances', { token, body: { name: 'leak', url: 'http://127.0.0.1:9', apiKey: n8nKey } });
    await call('GET', `/api/v1/instances/${instance.data.id}`, { token });
    await call('POST', `/api/v1/instances/${instance.data.id}/test`, { token });
    await call('GET', '/api/v1/instances', { token });
    await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.data.refreshToken } });
    await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.data.refreshToken } });
    const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "password_hash" from "users" where "email" = ?', [(session.data.user as { email: string }).email])) as { password_hash: string }[];

    // The API key and the refresh tokens are returned once, to their owner, by design: only the
    // answers that create them may hold them.
    const created = new Set([JSON.stringify(session), JSON.stringify(login)]);
    const secrets = { password, passwordHash: row!.password_hash, n8nKey, apiKey: key, refreshToken: login.data.refreshToken };
    for (const [name, secret] of Object.entries(secrets)) {
      for (const line of logLines) expect(line.includes(secret), `${name} in log: ${line.slice(0, 200)}`).toBe(false);
      for (const body of responses) {
        if ((name === 'apiKey' && body.includes('"key":"aih_')) || (name === 'refreshToken' && created.has(body))) continue;
        expect(body.includes(secret), `${name} in a response: ${body.slice(0, 200)}`).toBe(false);
      }
    }
    expect(logLines.length).toBeGreaterThan(10);
  });
});

describe('a hostile n8n (any account can name its own server as its n8n)', () => {
  it('polls one that lists pages without end and execution ids past 2^53 in bounded time and rows', async () => {
    let phase = 1;
    let requests = 0;
    const execution = (id: string) => ({ id, workflowId: 'w1', status: 'success', mode: 'webhook', finished: true, startedAt: '2026-11-29T00:00:00.000Z', stoppedAt: '2026-11-29T00:00:01.000Z' });
    const n8n = createServer((req, res) => {
      requests++;
      const url = new URL(req.url!, 'http://n8n');
      const page = Number(url.searchParams.get('cursor') ?? 0);
      let body: unknown;
      // Every page of workflows names 100 new ones, and there is always a next page.
      if (url.pathname === '/api/v1/workflows') body = { data: Array.from({ length: 100 }, (_, i) => ({ id: `w${page}-${i}`, name: 'W', active: true, nodes: [], connections: {} })), nextCursor: String(page + 1) };
      // The first poll sets the watermark just under 2^53; then every page is new executions above it, without end.
      else if (url.pathname === '/api/v1/executions') body = phase === 1 ? { data: [execution('9007199254740990')], nextCursor: null } : { data: Array.from({ length: 50 }, (_, i) => execution(String(9007199254741100 + page * 50 + i))), nextCursor: String(page + 1) };
      else body = execution(url.pathname.split('/').pop()!);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
    const server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', ALLOW_PRIVATE_N8N: 'true', POLLER_ENABLED: 'false' });
    try {
      const api = apiClient(server.url);
      const { accessToken } = await signUp(api, 'hostile-n8n');
      const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: accessToken, body: { name: 'hostile', url: `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`, apiKey: 'n8n_api_hostile_0123456789' } });
      const poller = createExecutionPoller(server.app.services, 'hostile-n8n-test');
      await poller.pollOnce(created.body.data.id, 1);
      phase = 2;
      requests = 0;
      // Before the bounds, this poll never ended: it blocked the event loop (id++ past 2^53) or read pages for ever.
      await poller.pollOnce(created.body.data.id, 2);
      const connection = server.app.services.database.orm.em.fork().getConnection();
      const [workflows] = (await connection.execute('select count(*)::int as n from "workflows" where "instance_id" = ?', [created.body.data.id])) as { n: number }[];
      const [executions] = (await connection.execute('select count(*)::int as n from "executions" where "instance_id" = ?', [created.body.data.id])) as { n: number }[];
      expect(workflows!.n).toBeLessThanOrEqual(MAX_WORKFLOW_PAGES * 100);
      expect(executions!.n).toBeLessThanOrEqual(MAX_NEW_EXECUTIONS_PER_POLL + 1);
      expect(requests).toBeLessThan(MAX_WORKFLOW_PAGES + MAX_NEW_EXECUTIONS_PER_POLL * 2);
    } finally {
      await server.close();
      n8n.closeAllConnections();
      n8n.close();
    }
  }, 120_000);
});
