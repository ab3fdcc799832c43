import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { apiKeyInput, apiKeyUpdate, apiKeyView, createdApiKeyView, patchOf, type ApiKeyView } from '@ai-http/shared/api/resources';
import type { ApiRegistry } from '../../http/api.ts';
import { ownedCrudRoutes } from '../../http/owned-routes.ts';
import { iso, isoOrNull } from '../../http/timestamps.ts';
import { newApiKey } from '../auth/tokens.ts';
import type { ApiKeyEntity } from './entity.ts';
import { ApiKeyRepository } from './repository.ts';

const toView = (key: ApiKeyEntity): ApiKeyView => ({ v: 1, id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, lastUsedAt: isoOrNull(key.lastUsedAt), revokedAt: isoOrNull(key.revokedAt), createdAt: iso(key.createdAt) });

export function apiKeyRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager): void {
  ownedCrudRoutes(api, {
    path: '/api-keys',
    // A key that could list, make or revoke keys would let a leaked key outlive its revocation.
    auth: 'session',
    summaries: { create: 'Create an API key', list: 'List API keys', read: 'Read an API key (never the key itself)', update: 'Rename an API key', delete: 'Revoke an API key' },
    repository: (ctx) => new ApiKeyRepository(em(ctx)),
    input: apiKeyInput,
    // Only the name changes; scopes are fixed when the key is made.
    patch: patchOf(apiKeyUpdate),
    view: apiKeyView.schema,
    toView,
    create: {
      summary: 'Create an API key (the key is shown in this answer only)',
      response: createdApiKeyView,
      handler: async ({ body, auth, repository }) => {
        const { key, prefix, hash } = newApiKey();
        const row = await repository.create({ ...body, prefix, keyHash: hash, userId: auth.userId, lastUsedAt: null, revokedAt: null, deletedAt: null });
        return { key, apiKey: toView(row) };
      },
    },
    onDelete: () => ({ revokedAt: new Date() }),
  });
}
