// What an operator meets at the edges: variables that are empty or out of range are refused by
// name with the real reason; answers Node or the router give before a route runs are in the
// envelope; the embedded database's folder is private to the user.
import { statSync } from 'node:fs';
import { METHODS } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import { ConfigError, loadConfig } from '../src/config.ts';
import { apiClient, capturedLogger, signUp, startTestServer, suiteServer, type TestServer } from './helpers.ts';

const CONFIG_PROBLEMS: [Record<string, string>, string][] = [
  [{ PORT: '' }, 'PORT: must be a number'],
  [{ PORT: ' ' }, 'PORT: must be a number'],
  [{ PORT: '70000' }, 'PORT: must be a port between 0 and 65535'],
  [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE: must be at least 1'],
  [{ RATE_LIMIT_PER_MINUTE: '-5' }, 'RATE_LIMIT_PER_MINUTE: must be a number'],
  [{ RATE_LIMIT_PER_MINUTE: '1.5' }, 'RATE_LIMIT_PER_MINUTE: must be a number'],
  [{ EXECUTION_RETENTION_DAYS: '0' }, 'EXECUTION_RETENTION_DAYS: must be at least 1'],
  [{ BODY_LIMIT_BYTES: '100' }, 'BODY_LIMIT_BYTES: must be at least 1024'],
  [{ ALLOW_PRIVATE_N8N: 'yes' }, 'ALLOW_PRIVATE_N8N: must be true or false'],
  [{ REGISTER_LIMIT_PER_HOUR: '0' }, 'REGISTER_LIMIT_PER_HOUR: must be at least 1'],
];

describe('configuration', () => {
  it.each(CONFIG_PROBLEMS)('refuses %o with "%s"', (env, message) => {
    const load = () => loadConfig({ AIHTTP_DATA_DIR: '/tmp/ai-http-config-test', ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), JWT_SECRET: 'x'.repeat(32), ...env });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('keeps the defaults when a variable is unset, and takes PORT=0 as "any free port"', () => {
    const base = { AIHTTP_DATA_DIR: '/tmp/ai-http-config-test', ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'), JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base)).toMatchObject({ port: 8787, rateLimitPerMinute: 1200, bodyLimitBytes: 262_144 });
    expect(loadConfig({ ...base, PORT: '0' }).port).toBe(0);
  });
});

describe('answers before a route runs', () => {
  let server: TestServer;
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    // The embedded store in both projects: its folder's mode is checked below.
    server = await startTestServer({ DATABASE_URL: '', REDIS_URL: '' }, { logger });
  });
  afterAll(() => server?.close());

  /** Sends raw bytes and reads the whole answer (the server closes the connection). */
  const raw = (request: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) }));
    });

  it('answers headers that are too large with 431 in the envelope, and unparsable HTTP with 400', async () => {
    const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(errorEnvelopeSchema.parse(JSON.parse(big.body)).error.code).toBe('HEADERS_TOO_LARGE');
    // HTTP/1.1 without a Host header: Node's own bare 400 unless the server leaves it to the edge.
    const hostless = await raw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(hostless.status).toBe(400);
    expect(errorEnvelopeSchema.parse(JSON.parse(hostless.body)).error.code).toBe('BAD_REQUEST');
    // A WebSocket upgrade anywhere but /ws.
    const upgrade = await raw('GET /nope HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    expect(upgrade.status).toBe(404);
    expect(errorEnvelopeSchema.parse(JSON.parse(upgrade.body)).error.code).toBe('NOT_FOUND');
    const broken = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(broken.status).toBe(400);
    expect(errorEnvelopeSchema.parse(JSON.parse(broken.body)).error.code).toBe('BAD_REQUEST');
  });

  it('counts an upload the client abandons as its error, not a 500, and does not log it as a failure', async () => {
    const { accessToken } = await signUp(apiClient(server.url), 'abort');
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${accessToken}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"name":"half`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).not.toMatch(/route="\/api\/v1\/requests"[^\n]*status="5\d\d"|status="5\d\d"[^\n]*route="\/api\/v1\/requests"/);
    const abandoned = lines.filter((line) => line.includes('"path":"/api/v1/requests"') && line.includes('"method":"POST"'));
    expect(abandoned.length).toBeGreaterThan(0);
    expect(abandoned.every((line) => !line.includes('"status":500'))).toBe(true);
    expect(lines.some((line) => line.includes('request failed'))).toBe(false);
  });

  it('answers OPTIONS in the envelope or with no body at all', async () => {
    for (const path of ['/api/v1/requests', '/api/v1/requests/00000000-0000-4000-8000-000000000000', '/api/v1/nope', '/healthz']) {
      const res = await fetch(`${server.url}${path}`, { method: 'OPTIONS' });
      const text = await res.text();
      if (res.status >= 400) expect(errorEnvelopeSchema.safeParse(JSON.parse(text)).success, `${res.status} ${path} ${text}`).toBe(true);
      else expect([res.status, text], path).toEqual([204, '']);
    }
  });

  it('answers every HTTP method Node parses with a 4xx in the envelope or a success, never a 500 (PROPFIND, PURGE, …)', async () => {
    const failures: string[] = [];
    for (const method of METHODS.filter((name) => name !== 'CONNECT')) {
      for (const path of ['/api/v1/requests', '/api/v1/nope', '/healthz']) {
        const { status, body } = await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        const envelope = status >= 400 && method !== 'HEAD' ? errorEnvelopeSchema.safeParse(JSON.parse(body || 'null')).success : true;
        if (!(status < 500) || !envelope) failures.push(`${method} ${path} → ${status} ${body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps the embedded database folder private to its user (0700)', () => {
    const { database } = server.app.services.config;
    if (database.kind !== 'embedded') throw new Error('this server should run on the embedded store');
    expect((statSync(database.dir).mode & 0o777).toString(8)).toBe('700');
  });
});

describe('the register limit', () => {
  const suite = suiteServer({ REGISTER_LIMIT_PER_HOUR: '3' });

  it('lets one address make REGISTER_LIMIT_PER_HOUR accounts an hour, then answers 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i++) await signUp(suite.api, 'limited');
    const refused = await suite.api.call<{ error: { code: string } }>('POST', '/api/v1/auth/register', { body: { email: `limited-${Date.now()}@example.com`, password: 'a-long-password-1', name: 'Fourth' } });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('/metrics access', () => {
  const token = 'metrics-token-for-the-test-0123';
  const secured = suiteServer({ METRICS_TOKEN: token });
  const production = suiteServer({ NODE_ENV: 'production', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), JWT_SECRET: 'p'.repeat(40) });

  it('wants the METRICS_TOKEN when one is set', async () => {
    const read = (authorization?: string) => fetch(`${secured.server.url}/metrics`, { headers: authorization ? { authorization } : {} });
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
      const res = await read(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(errorEnvelopeSchema.parse(await res.json()).error.code).toBe('UNAUTHENTICATED');
    }
    const allowed = await read(`Bearer ${token}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('http_request_duration_seconds');
  });

  it('is off in production without a METRICS_TOKEN', async () => {
    const res = await fetch(`${production.server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await res.json()).error.message).toContain('METRICS_TOKEN');
  });
});
