// What must not outlive a leaked API key needs a signed-in session: every route that manages API
// keys (and, when they exist, the password and the account) answers 403 SESSION_REQUIRED to an
// API key, even one with every scope, and works with an access token. The table is checked
// against the registry, so a route added under /api-keys without the session rule fails here.
import { describe, expect, it } from 'vitest';
import { signUp, suiteServer } from './helpers.ts';

const SESSION_ONLY: { method: string; path: string; body?: Record<string, unknown>; sessionStatus?: number }[] = [
  { method: 'POST', path: '/api-keys', body: { name: 'minted', scopes: ['read', 'write'] } },
  { method: 'GET', path: '/api-keys' },
  { method: 'GET', path: '/api-keys/:id' },
  { method: 'PATCH', path: '/api-keys/:id', body: { name: 'renamed' } },
  { method: 'DELETE', path: '/api-keys/:id' },
  { method: 'PATCH', path: '/me/profile', body: { name: 'Renamed' } },
  { method: 'GET', path: '/me/sessions' },
  // The n8n hook's secret. The id is an API key's: the session is let in, and told there is no such instance.
  { method: 'GET', path: '/instances/:id/hook', sessionStatus: 404 },
  // The id is an API key's, not a session's: the session is let in, and told there is no such session.
  { method: 'DELETE', path: '/me/sessions/:id', sessionStatus: 404 },
  // Last: it ends the account's other sessions (there are none here).
  { method: 'POST', path: '/me/password', body: { currentPassword: ':password', newPassword: 'another-password-123' } },
];

describe('API keys cannot manage API keys, the password or the account', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });

  it('marks exactly the key, password and account routes as session-only', () => {
    const sessionOnly = suite.server.app.api.routes.filter((route) => route.auth === 'session').map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const accountRoutes = suite.server.app.api.routes.filter((route) => route.auth !== 'none' && /^\/(api-keys|me\/|password|account)/.test(route.path)).map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(sessionOnly.sort()).toEqual(SESSION_ONLY.map(({ method, path }) => `${method} ${path}`).sort());
    // Every account route is session-only; the one other session-only route hands out the n8n hook's secret.
    expect(accountRoutes.sort()).toEqual(sessionOnly.filter((route) => route !== 'GET /instances/:id/hook').sort());
  });

  it('answers 403 SESSION_REQUIRED to a read+write API key on each, and serves the session', async () => {
    const user = await signUp(suite.api, 'session-only');
    const made = await suite.api.call<{ data: { key: string; apiKey: { id: string } } }>('POST', '/api/v1/api-keys', { token: user.accessToken, body: { name: 'all scopes', scopes: ['read', 'write'] } });
    expect(made.status).toBe(201);
    const { key } = made.body.data;
    const target = (await suite.api.call<{ data: { apiKey: { id: string } } }>('POST', '/api/v1/api-keys', { token: user.accessToken, body: { name: 'target' } })).body.data.apiKey.id;
    for (const { method, path, body } of SESSION_ONLY) {
      const url = `/api/v1${path.replace(':id', target)}`;
      const byKey = await suite.api.call<{ error: { code: string; message: string } }>(method, url, { token: key, body });
      expect([byKey.status, byKey.body.error?.code], `${method} ${path} with an API key`).toEqual([403, 'SESSION_REQUIRED']);
      expect(byKey.body.error.message).toMatch(/sign in/i);
    }
    // Nothing the key asked for happened: no key was minted, renamed or revoked.
    const listed = await suite.api.call<{ data: { items: { id: string; name: string; revokedAt: string | null }[] } }>('GET', '/api/v1/api-keys', { token: user.accessToken });
    expect(listed.body.data.items.map((item) => item.name).sort()).toEqual(['all scopes', 'target']);
    expect(listed.body.data.items.every((item) => item.revokedAt === null)).toBe(true);
    // The same calls with the session's access token work.
    for (const { method, path, body, sessionStatus } of SESSION_ONLY) {
      const bySession = await suite.api.call(method, `/api/v1${path.replace(':id', target)}`, { token: user.accessToken, body: body && Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === ':password' ? user.password : v])) });
      if (sessionStatus) expect(bySession.status, `${method} ${path} with a session`).toBe(sessionStatus);
      else expect(bySession.status, `${method} ${path} with a session`).toBeLessThan(300);
    }
    // The key keeps doing what keys are for.
    expect((await suite.api.call('GET', '/api/v1/requests', { token: key })).status).toBe(200);
  });
});
