import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import type { Template } from '@ai-http/shared/templates/schema';
import { closedPort, n8nUnderTest } from '../../tests/support/n8n.ts';
import { apiClient, signUp, startTestServer, TcpRelay, type ApiClient, type TestServer } from './helpers.ts';

type Session = Awaited<ReturnType<typeof signUp>>;
const request = { v: 1, method: 'POST', url: 'https://api.example.com/orders', body: { mode: 'json', text: '{"a":1}' } };
const template = { service: 'Acme', name: 'Create an order', description: 'Makes an order', tags: ['orders'], docsUrl: 'https://acme.example.com/docs', request };

describe('REST resources', () => {
  let server: TestServer;
  let api: ApiClient;
  let alice: Session;
  let bob: Session;
  const n8n = n8nUnderTest();
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
    api = apiClient(server.url);
    [alice, bob] = await Promise.all([signUp(api, 'alice'), signUp(api, 'bob')]);
  });
  afterAll(() => server?.close());

  it('instances: stores the n8n key encrypted, never returns it, and tests the real n8n', async () => {
    const created = await api.call<{ data: { id: string; apiKey: string; status: string } }>('POST', '/api/v1/instances', { token: alice.accessToken, body: { name: 'Prod', url: `${n8n.url}/`, apiKey: n8n.apiKey } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ apiKey: `••••${n8n.apiKey.slice(-4)}`, status: 'DISCONNECTED' });
    expect(JSON.stringify(created.body)).not.toContain(n8n.apiKey);
    const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "api_key_ciphertext", "api_key_key_id", "url" from "instances" where "id" = ?', [created.body.data.id])) as { api_key_ciphertext: string; api_key_key_id: string; url: string }[];
    expect(row!.api_key_ciphertext).not.toContain(n8n.apiKey.slice(0, 12));
    expect(row!.api_key_key_id).toMatch(/^[0-9a-f]{12}$/);
    expect(row!.url).toBe(n8n.url);
    expect(await server.app.services.secretBox.decrypt(row!.api_key_ciphertext, row!.api_key_key_id)).toBe(n8n.apiKey);

    const tested = await api.call<{ data: { status: string; lastSync: string | null; lastError: string | null } }>('POST', `/api/v1/instances/${created.body.data.id}/test`, { token: alice.accessToken });
    expect(tested.body.data).toMatchObject({ status: 'CONNECTED', lastError: null });
    expect(tested.body.data.lastSync).not.toBeNull();
    const reread = await api.call<{ data: { status: string } }>('GET', `/api/v1/instances/${created.body.data.id}`, { token: alice.accessToken });
    expect(reread.body.data.status).toBe('CONNECTED');
  });

  it('instances: a dead n8n or a wrong key is stored as ERROR with the reason', async () => {
    const dead = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: alice.accessToken, body: { name: 'Dead', url: `http://127.0.0.1:${await closedPort()}`, apiKey: 'n8n_api_0123456789' } });
    const deadTest = await api.call<{ data: { status: string; lastError: string } }>('POST', `/api/v1/instances/${dead.body.data.id}/test`, { token: alice.accessToken });
    expect(deadTest.body.data.status).toBe('ERROR');
    expect(deadTest.body.data.lastError).toMatch(/^N8N_UNREACHABLE: Could not reach n8n at /);
    const wrong = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: alice.accessToken, body: { name: 'Wrong key', url: n8n.url, apiKey: 'n8n_api_wrong_0123456789' } });
    const wrongTest = await api.call<{ data: { status: string; lastError: string } }>('POST', `/api/v1/instances/${wrong.body.data.id}/test`, { token: alice.accessToken });
    expect(wrongTest.body.data).toMatchObject({ status: 'ERROR', lastError: expect.stringMatching(/^N8N_UNAUTHORIZED: /) });
  });

  it('instances: update and delete (a tombstone, gone from reads)', async () => {
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: alice.accessToken, body: { name: 'Tmp', url: 'https://n8n.example.com', apiKey: 'n8n_api_abcdefghijkl' } });
    const updated = await api.call<{ data: { name: string; apiKey: string } }>('PATCH', `/api/v1/instances/${created.body.data.id}`, { token: alice.accessToken, body: { name: 'Renamed', apiKey: 'n8n_api_zzzzzzzzwxyz' } });
    expect(updated.body.data).toMatchObject({ name: 'Renamed', apiKey: '••••wxyz' });
    expect((await api.call('PATCH', `/api/v1/instances/${created.body.data.id}`, { token: alice.accessToken, body: { url: 'ftp://nope' } })).status).toBe(400);
    expect((await api.call('DELETE', `/api/v1/instances/${created.body.data.id}`, { token: alice.accessToken })).status).toBe(200);
    expect((await api.call('GET', `/api/v1/instances/${created.body.data.id}`, { token: alice.accessToken })).status).toBe(404);
    const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "deleted_at", "change_seq" from "instances" where "id" = ?', [created.body.data.id])) as { deleted_at: Date | null; change_seq: string }[];
    expect(row!.deleted_at).not.toBeNull();
  });

  it('every write bumps the row change sequence (what sync reads)', async () => {
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/requests', { token: alice.accessToken, body: { name: 'seq', request } });
    const seq = async () => Number(((await server.app.services.database.orm.em.fork().getConnection().execute('select "change_seq" from "requests" where "id" = ?', [created.body.data.id])) as { change_seq: string }[])[0]!.change_seq);
    const before = await seq();
    await api.call('PATCH', `/api/v1/requests/${created.body.data.id}`, { token: alice.accessToken, body: { name: 'seq 2' } });
    expect(await seq()).toBeGreaterThan(before);
  });

  it('saved requests: create, read, update, list with cursor pagination, delete', async () => {
    const carol = await signUp(api, 'carol');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await api.call<{ data: { id: string } }>('POST', '/api/v1/requests', { token: carol.accessToken, body: { name: `r${i}`, request } })).body.data.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { items: { id: string }[]; nextCursor: string | null } } } = await api.call('GET', `/api/v1/requests?limit=10${cursor ? `&cursor=${cursor}` : ''}`, { token: carol.accessToken });
      seen.push(...page.body.data.items.map((r) => r.id));
      cursor = page.body.data.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    // A listed item reads exactly like the same request fetched on its own (dates, request and all).
    const newest = await api.call<{ data: { items: unknown[] } }>('GET', '/api/v1/requests?limit=1', { token: carol.accessToken });
    expect(newest.body.data.items[0]).toEqual((await api.call<{ data: unknown }>('GET', `/api/v1/requests/${ids.at(-1)}`, { token: carol.accessToken })).body.data);
    const bad = await api.call<{ error: { code: string } }>('GET', '/api/v1/requests?cursor=not-a-cursor', { token: carol.accessToken });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await api.call('GET', '/api/v1/requests?limit=500', { token: carol.accessToken })).status).toBe(400);
    const invalidRequest = await api.call<{ error: { details: { issues: { path: string }[] } } }>('POST', '/api/v1/requests', { token: carol.accessToken, body: { name: 'x', request: { v: 1, method: 'FETCH', url: '' } } });
    expect(invalidRequest.status).toBe(400);
    expect(invalidRequest.body.error.details.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['request.method', 'request.url']));
  });

  it('templates: built-ins for everyone, private ones for their owner, public ones for all', async () => {
    const list = await api.call<{ data: { items: Template[] } }>('GET', '/api/v1/templates?limit=100', { token: bob.accessToken });
    const builtins = list.body.data.items.filter((t) => t.builtinId !== null);
    expect(builtins.length).toBeGreaterThanOrEqual(30);
    expect(builtins.every((t) => t.isPublic && t.v === 2)).toBe(true);
    // Paging through small pages finds every template the one large page holds, none twice.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { items: Template[]; nextCursor: string | null } } } = await api.call('GET', `/api/v1/templates?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token: bob.accessToken });
      paged.push(...page.body.data.items.map((t) => t.id));
      cursor = page.body.data.nextCursor;
    } while (cursor);
    expect(paged).toEqual(list.body.data.items.map((t) => t.id));
    const own = await api.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: alice.accessToken, body: template });
    const shared = await api.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: alice.accessToken, body: { ...template, name: 'Public one', isPublic: true } });
    expect((await api.call('GET', `/api/v1/templates/${own.body.data.id}`, { token: bob.accessToken })).status).toBe(404);
    expect((await api.call('GET', `/api/v1/templates/${shared.body.data.id}`, { token: bob.accessToken })).status).toBe(200);
    // Bob may read Alice's public template, not change it.
    expect((await api.call('PATCH', `/api/v1/templates/${shared.body.data.id}`, { token: bob.accessToken, body: { name: 'mine now' } })).status).toBe(404);
    const bobsView = await api.call<{ data: { items: { id: string }[] } }>('GET', '/api/v1/templates?limit=100', { token: bob.accessToken });
    expect(bobsView.body.data.items.map((t) => t.id)).toContain(shared.body.data.id);
    expect(bobsView.body.data.items.map((t) => t.id)).not.toContain(own.body.data.id);
  });

  it("templates: a public template shows other accounts none of its author's secrets; its author still reads them", async () => {
    const secrets = ['HUNTER2-basic-pw', 'sk_live_header_0123', 'qs_api_key_0123', 'url-pass-0123'];
    const request = {
      v: 1,
      method: 'GET',
      url: `https://admin:${secrets[3]}@api.example.com/orders`,
      headers: [{ name: 'Authorization', value: `Bearer ${secrets[1]}` }, { name: 'Accept', value: 'application/json' }],
      query: [{ name: 'api_key', value: secrets[2] }, { name: 'page', value: '1' }],
      auth: { type: 'basic', username: 'admin', password: secrets[0] },
    };
    const shared = await api.call<{ data: Template }>('POST', '/api/v1/templates', { token: alice.accessToken, body: { ...template, name: 'Public with secrets', isPublic: true, request } });
    expect(shared.status).toBe(201);
    const id = shared.body.data.id;
    const bobsList = await api.call<{ data: { items: Template[] } }>('GET', '/api/v1/templates?limit=100', { token: bob.accessToken });
    const bobsRead = await api.call<{ data: Template }>('GET', `/api/v1/templates/${id}`, { token: bob.accessToken });
    const seenByBob = [JSON.stringify(bobsList.body.data.items.find((t) => t.id === id)), JSON.stringify(bobsRead.body.data)];
    for (const text of seenByBob) {
      expect(text).toContain('api.example.com');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    // What is not a secret still reads as written.
    expect(bobsRead.body.data.request.headers).toContainEqual({ name: 'Accept', value: 'application/json' });
    const alicesRead = await api.call<{ data: Template }>('GET', `/api/v1/templates/${id}`, { token: alice.accessToken });
    for (const secret of secrets) expect(JSON.stringify(alicesRead.body.data)).toContain(secret);
  });

  it('templates: the catalog is served from the cache, and a write invalidates it', async () => {
    const dave = await signUp(api, 'dave');
    const lookups = async () => (await (await fetch(`${server.url}/metrics`)).text()).match(/^cache_lookups_total\{cache="api",result="(l1|l2|miss)"\} (\d+)/gm) ?? [];
    const count = (lines: string[], result: string) => Number(lines.find((l) => l.includes(`result="${result}"`))?.split(' ')[1] ?? 0);
    const before = await lookups();
    await api.call('GET', '/api/v1/templates', { token: dave.accessToken });
    await api.call('GET', '/api/v1/templates', { token: dave.accessToken });
    const after = await lookups();
    expect(count(after, 'l1') - count(before, 'l1')).toBeGreaterThanOrEqual(1);
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: dave.accessToken, body: { ...template, name: 'Fresh' } });
    const list = await api.call<{ data: { items: { id: string }[] } }>('GET', '/api/v1/templates', { token: dave.accessToken });
    expect(list.body.data.items[0]!.id).toBe(created.body.data.id);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^cache_hit_ratio\{cache="api"\} 0\.\d+/m);
  });

  it("tenant isolation: another user's id is answered exactly like a missing one, on every route that takes an id", async () => {
    const owned = {
      instances: (await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: alice.accessToken, body: { name: 'Mine', url: 'https://n8n.alice.example', apiKey: 'n8n_api_alice_secret_1' } })).body.data.id,
      requests: (await api.call<{ data: { id: string } }>('POST', '/api/v1/requests', { token: alice.accessToken, body: { name: 'Mine', request } })).body.data.id,
      templates: (await api.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: alice.accessToken, body: template })).body.data.id,
      'api-keys': (await api.call<{ data: { apiKey: { id: string } } }>('POST', '/api/v1/api-keys', { token: alice.accessToken, body: { name: 'k' } })).body.data.apiKey.id,
    };
    const missing = crypto.randomUUID();
    const bodies: Record<string, unknown> = { instances: { name: 'x' }, requests: { name: 'x' }, templates: { name: 'x' }, 'api-keys': { name: 'x' } };
    // [method, path with <id> for the id, body, the id Alice owns]
    const matrix: [string, string, unknown, string][] = [];
    for (const [resource, id] of Object.entries(owned)) {
      matrix.push(['GET', `/api/v1/${resource}/<id>`, undefined, id], ['PATCH', `/api/v1/${resource}/<id>`, bodies[resource], id], ['DELETE', `/api/v1/${resource}/<id>`, undefined, id]);
    }
    matrix.push(['POST', '/api/v1/instances/<id>/test', undefined, owned.instances]);
    for (const [method, route, body, id] of matrix) {
      const path = route.replace('<id>', id);
      const theirs = await api.call<{ error: { code: string; message: string; details: unknown } }>(method, path, { token: bob.accessToken, body });
      const none = await api.call<{ error: { code: string; message: string; details: unknown } }>(method, route.replace('<id>', missing), { token: bob.accessToken, body });
      expect(theirs.status, `${method} ${path}`).toBe(404);
      expect(none.status).toBe(404);
      expect(JSON.stringify(theirs.body).replaceAll(id, '<id>'), `${method} ${path}`).toBe(JSON.stringify(none.body).replaceAll(missing, '<id>'));
      expect(JSON.stringify(theirs.body)).not.toMatch(/alice|Mine|n8n_api/);
    }
    // And Alice still has everything.
    for (const [resource, id] of Object.entries(owned)) expect((await api.call('GET', `/api/v1/${resource}/${id}`, { token: alice.accessToken })).status).toBe(200);
    const bobsLists = await Promise.all(['instances', 'requests', 'api-keys'].map((r) => api.call<{ data: { items: unknown[] } }>('GET', `/api/v1/${r}`, { token: bob.accessToken })));
    expect(bobsLists.map((l) => l.body.data.items.length)).toEqual([0, 0, 0]);
  });

  it('guards the edges: body size, content type, broken JSON, unknown routes, wrong methods', async () => {
    const big = await fetch(`${server.url}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.accessToken}` }, body: JSON.stringify({ name: 'x'.repeat(300 * 1024), request }) });
    expect(big.status).toBe(413);
    const form = await fetch(`${server.url}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${alice.accessToken}` }, body: 'a=1' });
    expect(form.status).toBe(415);
    const broken = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect([broken.status, errorEnvelopeSchema.parse(await broken.json()).error.code]).toEqual([400, 'INVALID_JSON']);
    const wrongMethod = await fetch(`${server.url}/api/v1/me`, { method: 'PUT', headers: { authorization: `Bearer ${alice.accessToken}` } });
    expect([wrongMethod.status, errorEnvelopeSchema.parse(await wrongMethod.json()).error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
  });

  it('sets security headers, and CORS only for extension and configured origins', async () => {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', authorization: `Bearer ${alice.accessToken}` } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const preflight = await fetch(`${server.url}/api/v1/requests`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, 'https://app.example.com']);
    const evil = await fetch(`${server.url}/api/v1/me`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${alice.accessToken}` } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves its own API as OpenAPI 3.1 generated from the zod schemas, with a docs page', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/auth/register', '/api/v1/me', '/api/v1/instances', '/api/v1/instances/{id}', '/api/v1/instances/{id}/test', '/api/v1/templates', '/api/v1/requests/{id}', '/api/v1/api-keys']) expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/api/v1/auth/register']!.post!.requestBody!.content['application/json'].schema.required).toEqual(['email', 'password', 'name']);
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.headers.get('content-type')).toMatch(/html/);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('exposes Prometheus metrics', async () => {
    const series = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    const readMe = (text: string) => ({
      ok: series(text, /^http_requests_total\{method="GET",route="\/api\/v1\/me",status="200"\} (\d+)/m),
      unauthenticated: series(text, /^http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} (\d+)/m) || 0,
      count: series(text, /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me"\} (\d+)/m),
      infBucket: series(text, /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/me"\} (\d+)/m),
      fastBucket: series(text, /^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/me"\} (\d+)/m),
    });
    const before = readMe(await (await fetch(`${server.url}/metrics`)).text());
    const user = await signUp(api, 'metrics');
    for (let i = 0; i < 3; i++) await api.call('GET', '/api/v1/me', { token: user.accessToken });
    await api.call('GET', '/api/v1/me');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const after = readMe(text);
    // Three answered, one refused: counted by status, and every one timed in the histogram.
    expect([after.ok - (before.ok || 0), after.unauthenticated - before.unauthenticated, after.count - (before.count || 0)]).toEqual([3, 1, 4]);
    expect(after.infBucket).toBe(after.count);
    expect(after.fastBucket).toBeLessThanOrEqual(after.count);
    expect(text).toMatch(/^http_request_duration_seconds_sum\{method="GET",route="\/api\/v1\/me"\} [\d.e-]+$/m);
    expect(text).toMatch(/^ws_connections \d+/m);
  });
});

// Two server processes on one database and one Redis (each with its own in-process cache): a read
// on B right after a write on A has answered must see the write, every time. It was stale in 1 of
// 20 such reads while B waited for A's invalidation to arrive through pub/sub; here B reaches
// Redis over a slow link (30 ms), which made it stale nearly every time.
const store = inject('store');
if (store.kind === 'postgres') {
  describe('the cache across processes', () => {
    let a: TestServer;
    let b: TestServer;
    const redisUrl = new URL(store.redisUrl);
    const slowLink = new TcpRelay({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) }, { delayMs: 30 });
    beforeAll(async () => {
      await slowLink.open();
      // One deployment: the same secrets, Redis namespace and database.
      const shared = { REDIS_KEY_PREFIX: `${store.redisKeyPrefix}x${randomUUID().slice(0, 8)}:`, RATE_LIMIT_PER_MINUTE: '1000000', JWT_SECRET: randomUUID() + randomUUID(), ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
      a = await startTestServer(shared);
      b = await startTestServer({ ...shared, REDIS_URL: `redis://127.0.0.1:${slowLink.port}` });
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await slowLink.cut();
    });

    it('serves a rename made on one process to the next read on another, 30 times in 30', async () => {
      const [onA, onB] = [apiClient(a.url), apiClient(b.url)];
      const user = await signUp(onA, 'cross');
      const created = await onA.call<{ data: { id: string } }>('POST', '/api/v1/templates', { token: user.accessToken, body: template });
      expect(created.status).toBe(201);
      let stale = 0;
      for (let i = 0; i < 30; i++) {
        // B caches the list, A renames, B reads again at once.
        expect((await onB.call('GET', '/api/v1/templates?limit=100', { token: user.accessToken })).status).toBe(200);
        const name = `Renamed ${i}`;
        expect((await onA.call('PATCH', `/api/v1/templates/${created.body.data.id}`, { token: user.accessToken, body: { name } })).status).toBe(200);
        const listed = await onB.call<{ data: { items: { id: string; name: string }[] } }>('GET', '/api/v1/templates?limit=100', { token: user.accessToken });
        if (listed.body.data.items.find((item) => item.id === created.body.data.id)?.name !== name) stale++;
      }
      expect(stale).toBe(0);
    });
  });
}
