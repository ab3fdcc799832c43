import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { z } from 'zod';
import { idParams, pageQuery, type ApiRegistry } from '../../http/api.ts';
import { findOwned, listOwned, softDelete } from '../../db/owned.ts';
import { newApiKey } from '../auth/tokens.ts';
import { ApiKey, type ApiKeyEntity } from './entity.ts';

export const API_KEY_SCOPES = ['read', 'write'] as const;
const createBody = z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(['read']) });
const updateBody = z.object({ name: z.string().trim().min(1).max(100) });
const view = (key: ApiKeyEntity) => ({ id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, lastUsedAt: key.lastUsedAt ?? null, revokedAt: key.revokedAt ?? null, createdAt: key.createdAt });

export function apiKeyRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager): void {
  api.add({
    method: 'post', path: '/api-keys', summary: 'Create an API key (the key is shown in this answer only)', tag: 'api-keys', auth: 'user', status: 201, body: createBody,
    handler: async ({ ctx, body, auth }) => {
      const { key, prefix, hash } = newApiKey();
      const row = em(ctx).create(ApiKey, { userId: auth.userId, name: body.name, prefix, keyHash: hash, scopes: body.scopes, lastUsedAt: null, revokedAt: null, deletedAt: null });
      await em(ctx).flush();
      return { ...view(row), key };
    },
  });
  api.add({
    method: 'get', path: '/api-keys', summary: 'List API keys', tag: 'api-keys', auth: 'user', query: pageQuery,
    handler: async ({ ctx, query, auth }) => {
      const page = await listOwned<ApiKeyEntity>(em(ctx), ApiKey, auth.userId, query);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  });
  api.add({ method: 'get', path: '/api-keys/:id', summary: 'Read an API key (never the key itself)', tag: 'api-keys', auth: 'user', params: idParams, handler: async ({ ctx, params, auth }) => view(await findOwned<ApiKeyEntity>(em(ctx), ApiKey, auth.userId, params.id, 'API key')) });
  api.add({
    method: 'patch', path: '/api-keys/:id', summary: 'Rename an API key', tag: 'api-keys', auth: 'user', params: idParams, body: updateBody,
    handler: async ({ ctx, params, body, auth }) => {
      const key = await findOwned<ApiKeyEntity>(em(ctx), ApiKey, auth.userId, params.id, 'API key');
      key.name = body.name;
      await em(ctx).flush();
      return view(key);
    },
  });
  api.add({
    method: 'delete', path: '/api-keys/:id', summary: 'Revoke an API key', tag: 'api-keys', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      const key = await findOwned<ApiKeyEntity>(em(ctx), ApiKey, auth.userId, params.id, 'API key');
      key.revokedAt = new Date();
      await softDelete(em(ctx), key);
      return { id: key.id, deleted: true };
    },
  });
}
