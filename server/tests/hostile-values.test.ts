// Values a store cannot hold (a NUL character, a lone UTF-16 surrogate) and values at the edges
// (dates past year 9999 or before year 1, numbers near the float limits) in every field of every
// JSON write route, and in every list cursor: a 400 VALIDATION_FAILED for what cannot be stored,
// and never a 5xx. The routes come from the registry, so a new write route without a sample body
// here fails the first test.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeManus, webhookEvents, type FakeManus } from '../../tests/support/fake-manus.ts';
import { apiClient, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const UNSTORABLE = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'];
const EDGE_DATES = ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '-000001-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z'];
const EDGE_NUMBERS = [1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 8.64e15, -8.64e15, 1e21, -0, 0.1 + 0.2];

/** A string that holds at least one character a store cannot keep. */
const unstorable = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...UNSTORABLE), fc.string({ maxLength: 8 })).map(([a, bad, b]) => `${a}${bad}${b}`);
const edge: fc.Arbitrary<Json> = fc.oneof(fc.constantFrom<Json>(...EDGE_DATES), fc.constantFrom<Json>(...EDGE_NUMBERS), fc.double().map((n) => (Number.isFinite(n) ? n : 0)), fc.string({ maxLength: 12 }));

const hasUnstorable = (value: unknown): boolean => JSON.stringify(value).match(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i) !== null;

/** Percent-encoding that also carries lone surrogates (as their generalised UTF-8 bytes, which encodeURIComponent refuses). */
const encodeQueryValue = (text: string) =>
  text.replace(/[\s\S]/gu, (char) => {
    const code = char.charCodeAt(0);
    if (char.length > 1 || code < 0xd800 || code > 0xdfff) return encodeURIComponent(char);
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });

/** Where a value can go in a body: every leaf, plus a new key in every object and a new element in every array. */
type Position = { path: (string | number)[]; kind: 'replace' | 'add-key' | 'push' };
function positions(value: Json, path: (string | number)[] = []): Position[] {
  if (Array.isArray(value)) return [{ path, kind: 'push' }, ...value.flatMap((item, index) => positions(item, [...path, index]))];
  if (value && typeof value === 'object') return [{ path, kind: 'add-key' }, ...Object.entries(value).flatMap(([key, item]) => positions(item, [...path, key]))];
  return [{ path, kind: 'replace' }];
}

function inject(body: Json, { path, kind }: Position, value: Json, key: string): Json {
  const copy = structuredClone(body);
  const parent = path.slice(0, -1).reduce<Json>((node, step) => (node as Record<string, Json>)[step]!, copy);
  const last = path.at(-1);
  const target = last === undefined ? copy : (parent as Record<string | number, Json>)[last]!;
  if (kind === 'push') (target as Json[]).push(value);
  else if (kind === 'add-key') (target as Record<string, Json>)[key] = value;
  else if (last === undefined) return value;
  else (parent as Record<string | number, Json>)[last] = value;
  return copy;
}

const REQUEST: Json = {
  v: 1,
  name: 'Orders',
  description: 'List the orders',
  method: 'POST',
  url: 'https://api.example.com/orders',
  query: [{ name: 'page', value: '1' }],
  headers: [{ name: 'Accept', value: 'application/json' }],
  body: { mode: 'multipart', parts: [{ kind: 'text', name: 'a', value: 'b', contentType: 'text/plain' }, { kind: 'file', name: 'f', fileName: 'x.png', binaryProperty: 'data' }] },
  auth: { type: 'oauth2', grantType: 'clientCredentials', tokenUrl: 'https://auth.example.com/token', scopes: ['orders:read'] },
  options: { followRedirects: true, maxRedirects: 5, timeoutMs: 10_000, insecure: false, proxy: 'http://proxy.example.com:3128', fullResponse: false },
};
const REQUEST_FORM: Json = { v: 1, method: 'PUT', url: 'https://api.example.com/{{id}}', body: { mode: 'form', fields: [{ name: 'q', value: 'x' }] }, auth: { type: 'basic', username: 'u', password: 'p' } };
const TEMPLATE: Json = { service: 'Acme', name: 'Create an order', description: 'Makes an order', tags: ['orders'], docsUrl: 'https://acme.example.com/docs', isPublic: false, request: REQUEST };

let emails = 0;
/** Valid bodies for every JSON write route, keyed `METHOD /path`; a function when each call needs a fresh one. */
const SAMPLES: Record<string, (ctx: { refreshToken: string; email: string; password: string }) => Json[]> = {
  'post /auth/register': () => [{ email: `fuzz-${Date.now().toString(36)}-${++emails}@example.com`, password: 'a-long-password-1', name: 'Fuzz' }],
  'post /auth/login': ({ email, password }) => [{ email, password }],
  'post /auth/refresh': ({ refreshToken }) => [{ refreshToken }],
  'post /auth/logout': ({ refreshToken }) => [{ refreshToken }],
  'post /instances': () => [{ name: 'Prod', url: 'https://n8n.example.com', apiKey: 'n8n_api_fuzz_0123456789' }],
  'patch /instances/:id': () => [{ name: 'Prod', url: 'https://n8n.example.com/', apiKey: 'n8n_api_fuzz_0123456789' }],
  'post /requests': () => [{ name: 'Orders', request: REQUEST }, { name: 'Put', request: REQUEST_FORM }],
  'patch /requests/:id': (): Json[] => [{ name: 'Orders', request: REQUEST }, { request: REQUEST_FORM }],
  'post /templates': () => [TEMPLATE],
  'patch /templates/:id': (): Json[] => [TEMPLATE, { tags: ['a', 'b'], docsUrl: null }],
  'post /api-keys': () => [{ name: 'CI', scopes: ['read', 'write'] }],
  'patch /api-keys/:id': () => [{ name: 'CI 2' }],
  'post /ai/research': () => [{ api: 'Acme orders API', hint: 'the REST one' }],
  // Not signed by Manus's key, so a body that passes validation is refused as UNAUTHENTICATED.
  'post /ai/research/webhook': () => [webhookEvents.progress('fuzz-task', 'Reading'), webhookEvents.stopped('fuzz-task', { service: 'Acme', requests: [] }) as Json],
  'patch /me/profile': () => [{ name: 'Fuzz' }],
  // A wrong current password: refused, so the fuzz never changes the password the other samples use.
  'post /me/password': () => [{ currentPassword: 'not-the-password-1', newPassword: 'another-long-password-1' }],
  // Unsigned, so a body that passes validation is refused as UNAUTHENTICATED: never stored, never a 5xx.
  'post /hooks/n8n/:id': () => [{ v: 1, id: '17', workflowId: 'w1', status: 'error', mode: 'webhook', startedAt: '2026-11-29T00:00:00.000Z', stoppedAt: '2026-11-29T00:00:01.000Z', data: { resultData: { runData: {}, error: { message: 'x' } } }, workflowData: { id: 'w1', name: 'W', nodes: [] } }],
  'post /sync/push': (): Json[] => [
    {
      v: 1,
      clientId: 'fuzz-client-0001',
      mutations: [
        { mid: 1, op: 'create', entity: 'savedRequest', id: 'fuzz-1', v: 1, fields: { kind: 'template', name: 'Orders', tags: ['a'], request: REQUEST, values: { id: '7' } }, stamp: '00mhxyz00:000000:fuzz' },
        { mid: 2, op: 'update', entity: 'savedRequest', id: 'fuzz-1', v: 1, fields: { name: 'Orders 2' }, stamp: '00mhxyz00:000001:fuzz' },
      ],
    },
  ],
};

describe('values a store cannot hold, in every field and every cursor', () => {
  let server: TestServer;
  // Research needs a Manus to answer a valid body (the contract test double); without one it is a 503.
  let manus: FakeManus;
  let api: ApiClient;
  let session: Awaited<ReturnType<typeof signUp>>;
  let spare: Awaited<ReturnType<typeof signUp>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    manus = await startFakeManus();
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', AI_RATE_LIMIT_PER_MINUTE: '1000000', MANUS_API_KEY: 'manus-fuzz-key-0123456789', MANUS_BASE_URL: manus.base });
    api = apiClient(server.url);
    session = await signUp(api, 'hostile-values');
    // Refresh and logout get a session of their own: ending it must not end the one that writes.
    spare = await signUp(api, 'hostile-values-spare');
    for (const [collection, body] of [['/instances', SAMPLES['post /instances']!], ['/requests', SAMPLES['post /requests']!], ['/templates', SAMPLES['post /templates']!], ['/api-keys', SAMPLES['post /api-keys']!]] as const) {
      const created = await api.call<{ data: { id?: string; apiKey?: { id: string } } }>('POST', `/api/v1${collection}`, { token: session.accessToken, body: body(session)[0] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids[collection] = created.body.data.id ?? created.body.data.apiKey!.id;
    }
  });
  afterAll(async () => {
    await server?.close();
    await manus?.close();
  });

  // Streamed answers (JSON lines, /ai/request and /ai/explain) are not one JSON value: their bad input is checked in ai.test.ts.
  const writeRoutes = () => server.app.api.routes.filter((route) => route.body && !route.stream);
  const pathOf = (path: string) => `/api/v1${path.replace('/hooks/n8n/:id', `/hooks/n8n/${ids['/instances']}`).replace(/^(\/[\w-]+)\/:id/, (_, collection: string) => `${collection}/${ids[collection]}`)}`;

  it('has a sample body for every JSON write route', () => {
    expect(writeRoutes().map((route) => `${route.method} ${route.path}`).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it('answers 400 VALIDATION_FAILED to a NUL or a lone surrogate anywhere in a body (keys too), and never a 5xx to edge values', async () => {
    const crashes: string[] = [];
    const accepted: string[] = [];
    let rejected = 0;
    for (const route of writeRoutes()) {
      const samples = SAMPLES[`${route.method} ${route.path}`]!;
      const cases = fc.record({
        sample: fc.nat(),
        position: fc.nat(),
        value: fc.oneof(unstorable, edge, fc.array(unstorable, { minLength: 1, maxLength: 2 }), fc.dictionary(unstorable, fc.string({ maxLength: 4 }), { minKeys: 1, maxKeys: 1 })),
        key: fc.oneof(unstorable, fc.constantFrom('extra', '__proto__', 'constructor')),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ sample, position, value, key }) => {
          const bodies = samples({ ...session, refreshToken: spare.refreshToken });
          const body = bodies[sample % bodies.length]!;
          const where = positions(body);
          const at = where[position % where.length]!;
          const sent = inject(body, at, value, key);
          const res = await fetch(`${server.url}${pathOf(route.path)}`, { method: route.method.toUpperCase(), headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(sent) });
          const answer = (await res.json()) as { error?: { code: string } };
          const line = `${res.status} ${route.method} ${route.path} ${JSON.stringify(sent).slice(0, 300)} → ${JSON.stringify(answer).slice(0, 200)}`;
          if (res.status >= 500) crashes.push(line);
          else if (hasUnstorable(sent)) {
            rejected++;
            if (res.status !== 400 || answer.error?.code !== 'VALIDATION_FAILED') accepted.push(line);
          }
        }),
        { numRuns: 150, seed: 20261128 },
      );
    }
    expect(crashes.slice(0, 10)).toEqual([]);
    expect(accepted.slice(0, 10)).toEqual([]);
    expect(rejected).toBeGreaterThan(500);
  }, 240_000);

  it('answers 400 VALIDATION_FAILED to a cursor this API did not return (edge dates, wrong types, unstorable text), never a 5xx', async () => {
    // GET /sync/pull's cursor is a change sequence, a whole number (tests/sync.test.ts), not an opaque list cursor.
    const listRoutes = server.app.api.routes.filter((route) => route.method === 'get' && route.path !== '/sync/pull' && route.query && 'shape' in route.query && 'cursor' in (route.query as unknown as { shape: object }).shape);
    expect(listRoutes.map((route) => route.path).sort()).toEqual(['/api-keys', '/executions', '/instances', '/requests', '/templates']);
    const uuid = fc.constantFrom('00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff');
    const encoded = (parts: Json) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const cursor = fc.oneof(
      fc.tuple(fc.constantFrom<Json>(...EDGE_DATES.filter((date) => !date.startsWith('9999') && !date.startsWith('1970'))), uuid).map(encoded),
      fc.tuple(fc.constantFrom<Json>(...EDGE_NUMBERS, 0, '2026-11-28', '2026-11-28T00:00:00Z', true, null), uuid).map(encoded),
      fc.tuple(fc.constant('2026-11-28T00:00:00.000Z'), fc.oneof(unstorable, fc.constantFrom<Json>(1, null, 'not-a-uuid'))).map(encoded),
      fc.tuple(unstorable, uuid).map(encoded),
      unstorable,
      fc.string({ maxLength: 40 }).filter((text) => text.length > 0),
    );
    const failures: string[] = [];
    for (const route of listRoutes) {
      await fc.assert(
        fc.asyncProperty(cursor, async (value) => {
          const res = await fetch(`${server.url}/api/v1${route.path}?limit=5&cursor=${encodeQueryValue(value)}`, { headers: { authorization: `Bearer ${session.accessToken}` } });
          const answer = (await res.json()) as { error?: { code: string } };
          if (res.status !== 400 || answer.error?.code !== 'VALIDATION_FAILED') failures.push(`${res.status} ${route.path} cursor=${JSON.stringify(value)} → ${JSON.stringify(answer).slice(0, 200)}`);
        }),
        { numRuns: 120, seed: 20261128 },
      );
      // A cursor the API returned still works.
      const first = await api.call<{ data: { nextCursor: string | null } }>('GET', `/api/v1${route.path}?limit=1`, { token: session.accessToken });
      expect(first.status).toBe(200);
      if (first.body.data.nextCursor) expect((await api.call('GET', `/api/v1${route.path}?limit=1&cursor=${first.body.data.nextCursor}`, { token: session.accessToken })).status).toBe(200);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('answers 400 VALIDATION_FAILED to a body nested deeper than the limit (arrays and objects, at the root and inside a field), never a 5xx', async () => {
    const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const failures: string[] = [];
    for (const route of writeRoutes()) {
      const sample = JSON.stringify(SAMPLES[`${route.method} ${route.path}`]!({ ...session, refreshToken: spare.refreshToken })[0]);
      // 100,000 levels fit in the body limit and overflow a recursive walk; 101 is one past the limit.
      for (const sent of [deepArray(100_000), deepObject(30_000), `{"extra":${deepArray(101)},${sample.slice(1)}`, `{"extra":${deepObject(101)},${sample.slice(1)}`]) {
        const res = await fetch(`${server.url}${pathOf(route.path)}`, { method: route.method.toUpperCase(), headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' }, body: sent });
        const answer = (await res.json()) as { error?: { code: string } };
        if (res.status !== 400 || answer.error?.code !== 'VALIDATION_FAILED') failures.push(`${res.status} ${route.method} ${route.path} ${sent.slice(0, 60)}… → ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // Nesting within the limit is still read: the sample with a 90-level extra field is not refused for its depth.
    const nested = await fetch(`${server.url}/api/v1/me/profile`, { method: 'PATCH', headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' }, body: `{"extra":${deepArray(90)},"name":"Fuzz"}` });
    expect(nested.status).toBe(200);
  }, 120_000);

  it('stores a signed n8n hook notice whose times are edge values (past year 9999, before year 1, not dates, far apart), never a 5xx', async () => {
    const hook = (await api.call<{ data: { url: string; secret: string } }>('GET', `/api/v1/instances/${ids['/instances']}/hook`, { token: session.accessToken })).body.data;
    const sample = SAMPLES['post /hooks/n8n/:id']!(session)[0] as Record<string, Json>;
    const times = [...EDGE_DATES, '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59-14:00', 'not a date', '', '2026-02-30T00:00:00Z'];
    const failures: string[] = [];
    let n = 0;
    for (const startedAt of times) {
      for (const stoppedAt of [times[n % times.length]!, '2026-11-29T00:00:01.000Z']) {
        const body = JSON.stringify({ ...sample, id: `edge-${++n}`, startedAt, stoppedAt });
        const timestamp = Date.now();
        const res = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': String(timestamp), 'x-aihttp-signature': createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex') }, body });
        if (res.status >= 500) failures.push(`${res.status} startedAt=${startedAt} stoppedAt=${stoppedAt} → ${(await res.text()).slice(0, 200)}`);
        else await res.body?.cancel();
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The dashboard still reads them.
    for (const path of ['/api/v1/executions?limit=100', '/api/v1/stats?range=30d', '/api/v1/workflows?range=30d']) expect((await api.call('GET', path, { token: session.accessToken })).status).toBe(200);
  }, 120_000);

  it('answers 4xx, never a 5xx, to edge values (dates before year 1 or past 9999, huge numbers, unstorable text) in every query field of every GET route', async () => {
    const queryRoutes = server.app.api.routes.filter((route) => route.method === 'get' && !route.path.includes(':') && route.query && 'shape' in route.query);
    expect(queryRoutes.length).toBeGreaterThanOrEqual(6);
    const value = fc.oneof(
      fc.constantFrom(...EDGE_DATES, '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '9999-12-31T23:59:59-14:00', '0000-12-31T23:59:59.999-00:01'),
      fc.constantFrom(...EDGE_NUMBERS.map(String), '1e400', '-1e400', 'NaN', 'Infinity', '0x10', ''),
      unstorable,
      fc.string({ maxLength: 12 }),
    );
    const failures: string[] = [];
    for (const route of queryRoutes) {
      const fields = Object.keys((route.query as unknown as { shape: object }).shape);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), value, async (field, sent) => {
          const url = `${server.url}/api/v1${route.path}?${field}=${encodeQueryValue(sent)}`;
          const res = await fetch(url, { headers: { authorization: `Bearer ${session.accessToken}` } });
          if (res.status >= 500) failures.push(`${res.status} ${route.path}?${field}=${JSON.stringify(sent)} → ${(await res.text()).slice(0, 200)}`);
          else await res.body?.cancel();
        }),
        { numRuns: 200, seed: 20261129 },
      );
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 240_000);
});
