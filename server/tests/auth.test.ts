import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import { apiClient, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

describe('auth', () => {
  let server: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    api = apiClient(server.url);
  });
  afterAll(() => server?.close());

  it('registers (201), hashes the password with argon2id, and refuses the same email in any case (409)', async () => {
    const user = await signUp(api, 'Reg');
    const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "password_hash" from "users" where "id" = ?', [user.id])) as { password_hash: string }[];
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const again = await api.call('POST', '/api/v1/auth/register', { body: { email: user.email.toUpperCase(), password: 'another-long-password', name: 'X' } });
    expect(again.status).toBe(409);
    expect(errorEnvelopeSchema.parse(again.body).error.code).toBe('CONFLICT');
  });

  it('refuses weak or malformed registrations with VALIDATION_FAILED naming the fields', async () => {
    const res = await api.call<{ error: { code: string; details: { issues: { path: string }[] } } }>('POST', '/api/v1/auth/register', { body: { email: 'not-an-email', password: 'short', name: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.map((i) => i.path).sort()).toEqual(['email', 'name', 'password']);
  });

  it('logs in, and answers a wrong password and an unknown email the same way', async () => {
    const user = await signUp(api, 'login');
    const ok = await api.call<{ data: { accessToken: string } }>('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(ok.status).toBe(200);
    const me = await api.call<{ data: { email: string } }>('GET', '/api/v1/me', { token: ok.body.data.accessToken });
    expect(me.body.data.email).toBe(user.email);
    const wrong = await api.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong-password!' } });
    const unknown = await api.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong-password!' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('answers repeated failures for one email and address with 429 and Retry-After, even for the right password', async () => {
    const user = await signUp(api, 'limited');
    for (let i = 0; i < 5; i++) expect((await api.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: `nope-${i}-nope` } })).status).toBe(401);
    const blocked = await api.call<{ error: { code: string } }>('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const user = await signUp(api, 'refresh');
    const first = await api.call<{ data: { refreshToken: string; accessToken: string } }>('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.data.refreshToken).not.toBe(user.refreshToken);
    const second = await api.call<{ data: { refreshToken: string } }>('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.data.refreshToken } });
    expect(second.status).toBe(200);
    // The first token again: a stolen copy. The family is revoked, so the newest token dies too.
    expect((await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.data.refreshToken } })).status).toBe(401);
  });

  it('rotates in one step: of 20 concurrent uses of one refresh token exactly one succeeds, and the others end the session', async () => {
    const user = await signUp(api, 'race');
    const uses = await Promise.all(Array.from({ length: 20 }, () => api.call<{ data: { refreshToken: string } }>('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })));
    const won = uses.filter((use) => use.status === 200);
    expect(won).toHaveLength(1);
    expect(uses.filter((use) => use.status === 401)).toHaveLength(19);
    expect((await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: won[0]!.body.data.refreshToken } })).status).toBe(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const user = await signUp(api, 'logout');
    expect((await api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
  });

  it('accepts only its own HS256 access tokens that have not expired', async () => {
    const user = await signUp(api, 'jwt');
    const secret = new TextEncoder().encode(server.app.services.config.secrets.jwtSecret);
    const expired = await new SignJWT({ typ: 'access' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('ai-http').setIssuedAt(1_000).setExpirationTime(2_000).sign(secret);
    const foreign = await new SignJWT({ typ: 'access' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('ai-http').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(48)));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user.id, typ: 'access', iss: 'ai-http' })).toString('base64url')}.`;
    for (const token of [expired, foreign, unsigned, 'garbage']) {
      const res = await api.call<{ error: { code: string } }>('GET', '/api/v1/me', { token });
      expect(res.status, token.slice(0, 20)).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await api.call('GET', '/api/v1/me')).status).toBe(401);
  });

  it('API keys: shown once, scoped, and dead once revoked', async () => {
    const user = await signUp(api, 'keys');
    const created = await api.call<{ data: { key: string; apiKey: { id: string; prefix: string; scopes: string[] } } }>('POST', '/api/v1/api-keys', { token: user.accessToken, body: { name: 'CI', scopes: ['read'] } });
    expect(created.status).toBe(201);
    expect(created.body.data.key).toMatch(/^aih_[0-9a-f]{8}_[\w-]{32}$/);
    expect(created.body.data.key.startsWith(created.body.data.apiKey.prefix)).toBe(true);
    expect(created.body.data.apiKey.scopes).toEqual(['read']);
    const listed = await api.call<{ data: { items: Record<string, unknown>[] } }>('GET', '/api/v1/api-keys', { token: user.accessToken });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.data.key);
    expect(listed.body.data.items[0]).not.toHaveProperty('key');
    const key = created.body.data.key;
    expect((await api.call('GET', '/api/v1/me', { token: key })).status).toBe(200);
    const write = await api.call<{ error: { code: string } }>('POST', '/api/v1/requests', { token: key, body: { name: 'x', request: { v: 1, method: 'GET', url: 'https://x.test' } } });
    expect([write.status, write.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const used = await api.call<{ data: { lastUsedAt: string | null } }>('GET', `/api/v1/api-keys/${created.body.data.apiKey.id}`, { token: user.accessToken });
    expect(used.body.data.lastUsedAt).not.toBeNull();
    expect((await api.call('DELETE', `/api/v1/api-keys/${created.body.data.apiKey.id}`, { token: user.accessToken })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/me', { token: key })).status).toBe(401);
  });
});
