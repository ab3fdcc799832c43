import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { requestSpecV1Schema } from '@ai-http/shared/request/spec';
import { z } from 'zod';
import { findOwned, listOwned, softDelete } from '../../db/owned.ts';
import { idParams, pageQuery, type ApiRegistry } from '../../http/api.ts';
import { SavedRequest, type SavedRequestEntity } from './entity.ts';

const createBody = z.object({ name: z.string().trim().min(1).max(200), spec: requestSpecV1Schema });
const updateBody = createBody.partial().refine((v) => Object.keys(v).length > 0, 'send at least one field');
const view = (row: SavedRequestEntity) => ({ id: row.id, name: row.name, spec: row.request, createdAt: row.createdAt, updatedAt: row.updatedAt });

export function requestRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager): void {
  api.add({
    method: 'post', path: '/requests', summary: 'Save a request', tag: 'requests', auth: 'user', status: 201, body: createBody,
    handler: async ({ ctx, body, auth }) => {
      const row = em(ctx).create(SavedRequest, { userId: auth.userId, name: body.name, request: body.spec, deletedAt: null });
      await em(ctx).flush();
      return view(row);
    },
  });
  api.add({
    method: 'get', path: '/requests', summary: 'List saved requests', tag: 'requests', auth: 'user', query: pageQuery,
    handler: async ({ ctx, query, auth }) => {
      const page = await listOwned<SavedRequestEntity>(em(ctx), SavedRequest, auth.userId, query);
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  });
  api.add({ method: 'get', path: '/requests/:id', summary: 'Read a saved request', tag: 'requests', auth: 'user', params: idParams, handler: async ({ ctx, params, auth }) => view(await findOwned<SavedRequestEntity>(em(ctx), SavedRequest, auth.userId, params.id, 'saved request')) });
  api.add({
    method: 'patch', path: '/requests/:id', summary: 'Update a saved request', tag: 'requests', auth: 'user', params: idParams, body: updateBody,
    handler: async ({ ctx, params, body, auth }) => {
      const row = await findOwned<SavedRequestEntity>(em(ctx), SavedRequest, auth.userId, params.id, 'saved request');
      if (body.name !== undefined) row.name = body.name;
      if (body.spec !== undefined) row.request = body.spec;
      await em(ctx).flush();
      return view(row);
    },
  });
  api.add({
    method: 'delete', path: '/requests/:id', summary: 'Delete a saved request', tag: 'requests', auth: 'user', params: idParams,
    handler: async ({ ctx, params, auth }) => {
      await softDelete(em(ctx), await findOwned<SavedRequestEntity>(em(ctx), SavedRequest, auth.userId, params.id, 'saved request'));
      return { id: params.id, deleted: true };
    },
  });
}
