import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { templateInput, templateView } from '@ai-http/shared/api/resources';
import type { Template } from '@ai-http/shared/templates/schema';
import type { ApiRegistry, AuthState } from '../../http/api.ts';
import type { RawJson } from '../../http/envelope.ts';
import { ownedCrudRoutes } from '../../http/owned-routes.ts';
import { iso } from '../../http/timestamps.ts';
import type { TwoLevelCache } from '../../infra/cache.ts';
import type { StoredTemplateEntity } from './entity.ts';
import type { WriteThrough } from '../sync/write-through.ts';
import { TemplateRepository } from './repository.ts';
import type { SecretBox } from '../../infra/secret-box.ts';
import { sealedRequestColumn } from '../sync/sealed-fields.ts';

/** A stored template is the one Template shape, its `id` the row's. */
export const toView = (row: StoredTemplateEntity): Template => ({
  v: 2,
  id: row.id,
  builtinId: row.builtinId ?? null,
  isPublic: row.isPublic,
  service: row.service,
  name: row.name,
  description: row.description,
  tags: row.tags,
  docsUrl: row.docsUrl ?? null,
  request: row.request,
  updatedAt: iso(row.updatedAt),
});

export function templateRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, cache: TwoLevelCache<RawJson>, box: SecretBox, through: WriteThrough): void {
  // A user's pages depend on their own templates and on every public one: a write drops the
  // pages of the scope it touched (all users' for a public template, going public or private).
  const scopeOf = (row: StoredTemplateEntity, auth: AuthState, patch?: { isPublic?: boolean | undefined }) => (row.isPublic || patch?.isPublic !== undefined ? 'public' : auth.userId);
  ownedCrudRoutes(api, {
    path: '/templates',
    summaries: { create: 'Create a template', list: 'List built-in, public and own templates', read: 'Read a template', update: 'Update an own template', delete: 'Delete an own template' },
    repository: (ctx) => new TemplateRepository(em(ctx)),
    input: templateInput,
    view: templateView.schema,
    toView,
    toRow: (input) => ({ ...input, builtinId: null, deletedAt: null }),
    secrets: sealedRequestColumn<StoredTemplateEntity>(box),
    // The catalog is read far more than written: each user's pages are cached until a write.
    serveList: async ({ auth, query, load }) => cache.getOrLoadJson(`templates:${await cache.version('public')}:${await cache.version(auth.userId)}:${auth.userId}:${query.limit}:${query.cursor ?? ''}`, load),
    afterWrite: (row, auth, patch) => cache.bump(scopeOf(row, auth, patch)),
    // A user's own templates are the builder's user templates on their devices (built-ins ship with the extension).
    // Devices keep tags of 1 to 40 characters (templates allow 0 to 50): longer ones are cut for them, empty ones left out.
    sync: { entity: 'savedRequest', through, fields: (row) => (row.userId ? { kind: 'template', name: row.name, request: row.request, tags: row.tags.map((tag) => tag.slice(0, 40)).filter(Boolean), values: {} } : null) },
  });
}
