// The registry's answer check: with validateResponses (on in tests) an answer that drifts from its
// declared response schema fails loudly instead of reaching a client undocumented.
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorEnvelopeSchema } from '@ai-http/shared/errors';
import { ApiRegistry } from '../src/http/api.ts';
import { edge } from '../src/http/edge.ts';
import { RawJson, Streamed } from '../src/http/envelope.ts';
import { createMetrics } from '../src/http/metrics.ts';

describe('ApiRegistry answer validation', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  const urls: Record<'checked' | 'unchecked', string> = { checked: '', unchecked: '' };
  const apis: Partial<Record<'checked' | 'unchecked', ApiRegistry>> = {};
  beforeAll(async () => {
    for (const mode of ['checked', 'unchecked'] as const) {
      const api = new ApiRegistry({ validateResponses: mode === 'checked' });
      const response = z.object({ v: z.literal(1), at: z.iso.datetime() });
      const route = { tag: 't', auth: 'none', response } as const;
      api.add({ ...route, method: 'get', path: '/good', summary: 'good', handler: async () => ({ v: 1, at: new Date(0).toISOString() }) });
      api.add({ ...route, method: 'get', path: '/drifted', summary: 'drifted', handler: async () => ({ v: 2, at: 'yesterday' }) });
      api.add({ ...route, method: 'get', path: '/cached', summary: 'cached', handler: async () => new RawJson('{"v":1}') });
      api.add({
        ...route, method: 'get', path: '/lines', summary: 'streamed', stream: true,
        handler: async ({ ctx }) => {
          ctx.type = 'application/x-ndjson';
          ctx.body = '{"v":1}\n{"v":1}\n';
          return new Streamed();
        },
      });
      apis[mode] = api;
      const koa = new Koa();
      koa.silent = true;
      koa.use(edge({ logger: pino({ level: 'silent' }), metrics: createMetrics(), corsOrigins: [] }));
      const router = new Router();
      api.mount(router, { rateLimit: () => undefined, authenticate: async () => ({ userId: 'x', via: 'token', scopes: [] }), readBody: async () => undefined, idempotent: (_ctx, _auth, _route, _body, _status, run) => run() });
      koa.use(router.routes());
      const server = createServer(koa.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls[mode] = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`;
    }
  });
  afterAll(() => servers.forEach((server) => server.close()));

  it('passes an answer of the declared shape, and turns a drifted one (plain or cached) into a 500', async () => {
    expect((await fetch(`${urls.checked}/good`)).status).toBe(200);
    for (const path of ['/drifted', '/cached']) {
      const res = await fetch(`${urls.checked}${path}`);
      expect([res.status, errorEnvelopeSchema.parse(await res.json()).error.code]).toEqual([500, 'INTERNAL']);
    }
  });

  it('sends a streamed answer as the handler wrote it, without the envelope, documented as JSON lines', async () => {
    const res = await fetch(`${urls.checked}/lines`);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([200, 'application/x-ndjson', '{"v":1}\n{"v":1}\n']);
    const doc = apis.checked!.openApi({ title: 't', version: '1' }) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }> };
    expect(Object.keys(doc.paths['/api/v1/lines']!.get.responses['200']!.content)).toEqual(['application/x-ndjson']);
  });

  it('sends answers unchecked when validation is off (production)', async () => {
    const res = await fetch(`${urls.unchecked}/drifted`);
    expect([res.status, await res.json()]).toEqual([200, { success: true, data: { v: 2, at: 'yesterday' } }]);
  });
});
