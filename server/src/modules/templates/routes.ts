import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';
import { requestSpecV1Schema } from '@ai-http/shared/request/spec';
import { z } from 'zod';
import { findOwned, listOwned, softDelete } from '../../db/owned.ts';
import { idParams, pageQuery, type ApiRegistry } from '../../http/api.ts';
import type { RawJson } from '../../http/envelope.ts';
import type { TwoLevelCache } from '../../infra/cache.ts';
import { StoredTemplate, type StoredTemplateEntity } from './entity.ts';

const createBody = z.object({
  service: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  tags: z.array(z.string().max(50)).max(20).default([]),
  docsUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
  isPublic: z.boolean().default(false),
  spec: requestSpecV1Schema,
});
const updateBody = createBody.partial().refine((v) => Object.keys(v).length > 0, 'send at least one field');
const view = (row: StoredTemplateEntity) => ({ id: row.id, builtinId: row.builtinId ?? null, builtin: row.userId === null, isPublic: row.isPublic, service: row.service, name: row.name, description: row.description, tags: row.tags, docsUrl: row.docsUrl ?? null, spec: row.request, createdAt: row.createdAt, updatedAt: row.updatedAt });

/** What a user may read: their own templates, and public ones (the built-ins are public). */
const readable = (userId: string) => ({ $or: [{ userId }, { isPublic: true }] });

export function templateRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, cache: TwoLevelCache<RawJson>): void {
  api.add({
    method: 'get', path: '/templates', summary: 'List built-in, public and own templates', tag: 'templates', auth: 'user', query: pageQuery,
    handler: async ({ ctx, query, auth }) =>
      // The catalog is read far more than written: cache each user's pages, drop them on writes.
      cache.getOrLoadJson(`templates:${await cache.version('public')}:${await cache.version(auth.userId)}:${auth.userId}:${query.limit}:${query.cursor ?? ''}`, async () => {
        const page = await listOwned<StoredTemplateEntity>(em(ctx), StoredTemplate, readable(auth.userId), query);
        return { items: page.items.map(view), nextCursor: page.nextCursor };
      }),
  });
  api.add({
    method: 'get', path: '/templates/:id', summary: 'Read a template', tag: 'templates', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      const row = await em(ctx).findOne(StoredTemplate, { $and: [{ id: params.id, deletedAt: null }, readable(auth.userId)] });
      if (!row) throw new AppError('NOT_FOUND', `No template with id ${params.id}.`, { id: params.id });
      return view(row);
    },
  });
  api.add({
    method: 'post', path: '/templates', summary: 'Create a template', tag: 'templates', auth: 'user', status: 201, body: createBody,
    handler: async ({ ctx, body, auth }) => {
      const { spec, ...rest } = body;
      const row = em(ctx).create(StoredTemplate, { ...rest, request: spec, userId: auth.userId, builtinId: null, deletedAt: null });
      await em(ctx).flush();
      await cache.bump(body.isPublic ? 'public' : auth.userId);
      return view(row);
    },
  });
  api.add({
    method: 'patch', path: '/templates/:id', summary: 'Update an own template', tag: 'templates', auth: 'user', params: idParams, body: updateBody,
    handler: async ({ ctx, params, body, auth }) => {
      const row = await findOwned<StoredTemplateEntity>(em(ctx), StoredTemplate, auth.userId, params.id, 'template');
      const wasPublic = row.isPublic;
      const { spec, ...rest } = body;
      Object.assign(row, Object.fromEntries(Object.entries({ ...rest, request: spec }).filter(([, v]) => v !== undefined)));
      await em(ctx).flush();
      await cache.bump(wasPublic || row.isPublic ? 'public' : auth.userId);
      return view(row);
    },
  });
  api.add({
    method: 'delete', path: '/templates/:id', summary: 'Delete an own template', tag: 'templates', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      const row = await findOwned<StoredTemplateEntity>(em(ctx), StoredTemplate, auth.userId, params.id, 'template');
      await softDelete(em(ctx), row);
      await cache.bump(row.isPublic ? 'public' : auth.userId);
      return { id: params.id, deleted: true };
    },
  });
}

