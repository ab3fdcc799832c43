// A create sent again with the same Idempotency-Key (a client retrying after a lost answer) gets
// the first answer again and makes no second row, on every create route that honours the header;
// sent at once, N copies make one row. The same key with another body, or by another user, is not
// a replay. The routes come from the registry, so a new idempotent create without a sample fails.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUp, suiteServer } from './helpers.ts';

const BODIES: Record<string, (n: number) => Record<string, unknown>> = {
  '/instances': (n) => ({ name: `Prod ${n}`, url: 'https://n8n.example.com', apiKey: 'n8n_api_idempotent_0123' }),
  '/requests': (n) => ({ name: `Orders ${n}`, request: { v: 1, method: 'GET', url: 'https://api.example.com/orders' } }),
  '/templates': (n) => ({ service: 'Acme', name: `Create ${n}`, request: { v: 1, method: 'POST', url: 'https://api.example.com/orders' } }),
};

describe('Idempotency-Key on creates', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const count = async (path: string, token: string) => (await suite.api.call<{ data: { items: unknown[] } }>('GET', `/api/v1${path}?limit=100`, { token })).body.data.items.length;

  it('is honoured by exactly the create routes with a sample here (not by API keys, whose answer holds a secret)', () => {
    const idempotent = suite.server.app.api.routes.filter((route) => route.idempotent).map((route) => `${route.method} ${route.path}`);
    expect(idempotent.sort()).toEqual(Object.keys(BODIES).map((path) => `post ${path}`).sort());
  });

  for (const path of Object.keys(BODIES)) {
    it(`POST ${path}: a retry replays the first answer, concurrent copies make one row, another body or user is not a replay`, async () => {
      const { api } = suite;
      const user = await signUp(api, 'idempotent');
      const before = await count(path, user.accessToken);
      const key = randomUUID();
      const send = (body: Record<string, unknown>, token = user.accessToken, idempotencyKey = key) => api.call<{ data: { id: string }; error?: { code: string } }>('POST', `/api/v1${path}`, { token, body, headers: { 'idempotency-key': idempotencyKey } });

      const first = await send(BODIES[path]!(1));
      expect(first.status).toBe(201);
      const again = await send(BODIES[path]!(1));
      expect(again.status).toBe(201);
      expect(again.body.data).toEqual(first.body.data);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await count(path, user.accessToken)).toBe(before + 1);

      const other = await send(BODIES[path]!(2));
      expect([other.status, other.body.error?.code]).toEqual([409, 'CONFLICT']);

      const burstKey = randomUUID();
      const burst = await Promise.all(Array.from({ length: 8 }, () => send(BODIES[path]!(3), user.accessToken, burstKey)));
      const created = new Set(burst.filter((res) => res.status === 201).map((res) => res.body.data.id));
      expect(created.size).toBe(1);
      expect(burst.every((res) => res.status === 201 || (res.status === 409 && Number(res.headers.get('retry-after')) > 0))).toBe(true);
      expect(await count(path, user.accessToken)).toBe(before + 2);

      // Keys belong to their user: another user's same key is a new request.
      const stranger = await signUp(api, 'idempotent-other');
      const theirs = await send(BODIES[path]!(1), stranger.accessToken);
      expect(theirs.status).toBe(201);
      expect(theirs.body.data.id).not.toBe(first.body.data.id);
      // Without the header, every POST is a new row, as before.
      await api.call('POST', `/api/v1${path}`, { token: user.accessToken, body: BODIES[path]!(1) });
      expect(await count(path, user.accessToken)).toBe(before + 3);
    });
  }

  it('refuses a malformed key', async () => {
    const user = await signUp(suite.api, 'idempotent-bad');
    for (const key of ['x'.repeat(201), 'has space', 'ümlaut']) {
      const res = await fetch(`${suite.server.url}/api/v1/requests`, { method: 'POST', headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json', 'idempotency-key': Buffer.from(key).toString('latin1') }, body: JSON.stringify(BODIES['/requests']!(1)) });
      expect(res.status, key).toBe(400);
    }
  });
});
