// Every PATCH route changes only the fields it is sent (zod's `.partial()` used to reset the
// absent ones to their defaults), answers the row as stored, and moves its updatedAt. Random
// subsets of each resource's fields with random valid values, applied one after another to one
// row, checked against the previous answer each time.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyUpdate, instanceInput, patchOf, savedRequestInput, templateInput } from '@ai-http/shared/api/resources';
import { HTTP_METHODS } from '@ai-http/shared/request/spec';
import type { z } from 'zod';
import { ApiKey } from '../src/modules/api-keys/entity.ts';
import { apiClient, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

type View = Record<string, unknown> & { id: string };

interface PatchRoute {
  path: string;
  /** The body that creates the row, and where its id is in the answer. */
  create: Record<string, unknown>;
  idOf(answer: Record<string, unknown>): string;
  input: z.ZodObject;
  /** Each field a PATCH may send, with random valid values. */
  fields: Record<string, fc.Arbitrary<unknown>>;
  /** How a parsed PATCH body shows in the answer (most fields as they are). */
  shown?(parsed: Record<string, unknown>): Record<string, unknown>;
}

const text = (maxLength: number) => fc.string({ minLength: 1, maxLength }).filter((value) => value.trim().length > 0);
const httpUrl = fc.tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.constantFrom('', '/', '//', '/api')).map(([scheme, host, path]) => `${scheme}://${host}${path}`);
const request = fc.record({ v: fc.constant(1), method: fc.constantFrom(...HTTP_METHODS), url: httpUrl, headers: fc.array(fc.record({ name: text(20), value: fc.string({ maxLength: 20 }) }), { maxLength: 2 }) });

const ROUTES: PatchRoute[] = [
  {
    path: '/api/v1/instances',
    create: { name: 'Prod', url: 'https://n8n.example.com', apiKey: 'n8n_api_patch_0123456789' },
    idOf: (answer) => answer.id as string,
    input: instanceInput,
    fields: { name: text(100), url: httpUrl, apiKey: fc.string({ minLength: 10, maxLength: 60 }).filter((key) => key.trim().length >= 10) },
    // The key is never shown: only its last four characters.
    shown: ({ apiKey, ...rest }) => ({ ...rest, ...(typeof apiKey === 'string' ? { apiKey: `••••${apiKey.slice(-4)}` } : {}) }),
  },
  {
    path: '/api/v1/requests',
    create: { name: 'Orders', request: { v: 1, method: 'GET', url: 'https://api.example.com/orders' } },
    idOf: (answer) => answer.id as string,
    input: savedRequestInput,
    fields: { name: text(200), request },
  },
  {
    path: '/api/v1/templates',
    create: { service: 'Acme', name: 'Create an order', description: 'Makes an order', tags: ['orders'], docsUrl: 'https://acme.example.com/docs', isPublic: true, request: { v: 1, method: 'POST', url: 'https://api.example.com/orders' } },
    idOf: (answer) => answer.id as string,
    input: templateInput,
    fields: {
      service: text(100),
      name: text(200),
      description: fc.string({ maxLength: 200 }),
      tags: fc.array(fc.string({ maxLength: 50 }), { maxLength: 5 }),
      docsUrl: fc.option(httpUrl, { nil: null }),
      isPublic: fc.boolean(),
      request,
    },
  },
  {
    path: '/api/v1/api-keys',
    create: { name: 'CI', scopes: ['read', 'write'] },
    idOf: (answer) => (answer.apiKey as { id: string }).id,
    input: apiKeyUpdate,
    fields: { name: text(100) },
  },
];

describe('PATCH changes only the fields it names (fast-check, every PATCH route)', () => {
  let server: TestServer;
  let api: ApiClient;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
    api = apiClient(server.url);
    token = (await signUp(api, 'patch')).accessToken;
  });
  afterAll(() => server?.close());

  // API keys do not show updatedAt; the row's own column is read for them.
  const updatedAtOf = async (route: PatchRoute, view: View): Promise<number> => {
    if (typeof view.updatedAt === 'string') return Date.parse(view.updatedAt);
    expect(route.path).toBe('/api/v1/api-keys');
    return (await server.app.services.database.orm.em.fork().findOneOrFail(ApiKey, { id: view.id })).updatedAt.getTime();
  };

  for (const route of ROUTES) {
    it(`${route.path}/:id`, async () => {
      const created = await api.call<{ data: Record<string, unknown> }>('POST', route.path, { token, body: route.create });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = route.idOf(created.body.data);
      let current = (await api.call<{ data: View }>('GET', `${route.path}/${id}`, { token })).body.data;
      const patch = patchOf(route.input);
      const body = fc.record(route.fields, { requiredKeys: [] }).filter((fields) => Object.keys(fields).length > 0);
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const before = current;
          const updatedBefore = await updatedAtOf(route, before);
          const answer = await api.call<{ data: View }>('PATCH', `${route.path}/${id}`, { token, body: sent });
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          const parsed = patch.parse(sent) as Record<string, unknown>;
          const { updatedAt: _after, ...changed } = answer.body.data;
          const { updatedAt: _before, ...previous } = before;
          // The fields sent have their new values; every other field is as it was.
          expect(changed).toEqual({ ...previous, ...(route.shown?.(parsed) ?? parsed) });
          expect(await updatedAtOf(route, answer.body.data)).toBeGreaterThan(updatedBefore);
          // The answer is the stored row, its fresh updatedAt included.
          current = (await api.call<{ data: View }>('GET', `${route.path}/${id}`, { token })).body.data;
          expect(current).toEqual(answer.body.data);
        }),
        { numRuns: 25 },
      );
      const empty = await api.call<{ error: { code: string } }>('PATCH', `${route.path}/${id}`, { token, body: {} });
      expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }, 120_000);
  }
});
