import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import { createN8nClient } from '@ai-http/shared/n8n/client';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { z } from 'zod';
import { findOwned, listOwned, softDelete } from '../../db/owned.ts';
import { idParams, pageQuery, type ApiRegistry } from '../../http/api.ts';
import type { SecretBox } from '../../infra/secret-box.ts';
import { Instance, type InstanceEntity } from './entity.ts';

const n8nUrl = z
  .url({ protocol: /^https?$/, message: 'must be the http(s) address of your n8n, e.g. https://n8n.example.com' })
  .max(500)
  .transform(normalizeBaseUrl);
const createBody = z.object({ name: z.string().trim().min(1).max(100), url: n8nUrl, apiKey: z.string().trim().min(10).max(2000) });
const updateBody = createBody.partial().refine((v) => Object.keys(v).length > 0, 'send at least one field');

/** The n8n API key never leaves the server: only its last four characters, masked. */
export const instanceView = (row: InstanceEntity) => ({
  id: row.id,
  name: row.name,
  url: row.url,
  apiKey: `••••${row.apiKeyLast4}`,
  status: row.status,
  lastSync: row.lastSync ?? null,
  lastError: row.lastError ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export function instanceRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, box: SecretBox): void {
  const seal = (apiKey: string) => {
    const { ciphertext, keyId } = box.encrypt(apiKey);
    return { apiKeyCiphertext: ciphertext, apiKeyKeyId: keyId, apiKeyLast4: apiKey.slice(-4) };
  };
  api.add({
    method: 'post', path: '/instances', summary: 'Add an n8n instance (its API key is stored encrypted)', tag: 'instances', auth: 'user', status: 201, body: createBody,
    handler: async ({ ctx, body, auth }) => {
      const row = em(ctx).create(Instance, { userId: auth.userId, name: body.name, url: body.url, ...seal(body.apiKey), lastSync: null, lastError: null, lastExecutionId: null, deletedAt: null });
      await em(ctx).flush();
      return instanceView(row);
    },
  });
  api.add({
    method: 'get', path: '/instances', summary: 'List n8n instances', tag: 'instances', auth: 'user', query: pageQuery,
    handler: async ({ ctx, query, auth }) => {
      const page = await listOwned<InstanceEntity>(em(ctx), Instance, auth.userId, query);
      return { items: page.items.map(instanceView), nextCursor: page.nextCursor };
    },
  });
  api.add({ method: 'get', path: '/instances/:id', summary: 'Read an n8n instance', tag: 'instances', auth: 'user', params: idParams, handler: async ({ ctx, params, auth }) => instanceView(await findOwned<InstanceEntity>(em(ctx), Instance, auth.userId, params.id, 'instance')) });
  api.add({
    method: 'patch', path: '/instances/:id', summary: 'Update an n8n instance', tag: 'instances', auth: 'user', params: idParams, body: updateBody,
    handler: async ({ ctx, params, body, auth }) => {
      const row = await findOwned<InstanceEntity>(em(ctx), Instance, auth.userId, params.id, 'instance');
      if (body.name !== undefined) row.name = body.name;
      if (body.url !== undefined) row.url = body.url;
      if (body.apiKey !== undefined) Object.assign(row, seal(body.apiKey));
      if (body.url !== undefined || body.apiKey !== undefined) Object.assign(row, { status: 'DISCONNECTED', lastError: null });
      await em(ctx).flush();
      return instanceView(row);
    },
  });
  api.add({
    method: 'delete', path: '/instances/:id', summary: 'Remove an n8n instance', tag: 'instances', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      await softDelete(em(ctx), await findOwned<InstanceEntity>(em(ctx), Instance, auth.userId, params.id, 'instance'));
      return { id: params.id, deleted: true };
    },
  });
  api.add({
    method: 'post', path: '/instances/:id/test', summary: 'Call the real n8n (GET /api/v1/workflows?limit=1) and store the result', tag: 'instances', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      const row = await em(ctx).findOne(Instance, { id: params.id, userId: auth.userId, deletedAt: null }, { populate: ['apiKeyCiphertext'] });
      if (!row) throw new AppError('NOT_FOUND', `No instance with id ${params.id}.`, { id: params.id });
      const client = createN8nClient({ baseUrl: row.url, apiKey: box.decrypt(row.apiKeyCiphertext, row.apiKeyKeyId), timeoutMs: 5_000, retries: 0 });
      try {
        await client.listWorkflows({ limit: 1 });
        Object.assign(row, { status: 'CONNECTED', lastError: null, lastSync: new Date() });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        Object.assign(row, { status: 'ERROR', lastError: `${error.code}: ${error.message}` });
      }
      await em(ctx).flush();
      return instanceView(row);
    },
  });
}
