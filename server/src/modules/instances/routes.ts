import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { instanceInput, instanceView, type InstanceView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { idParams, type ApiRegistry } from '../../http/api.ts';
import { ownedCrudRoutes } from '../../http/owned-routes.ts';
import { iso, isoOrNull } from '../../http/timestamps.ts';
import { requireSecureTransport } from '../../http/transport.ts';
import type { Services } from '../../services.ts';
import type { InstanceEntity } from './entity.ts';
import { n8nClientFor, reachProblem } from './n8n-access.ts';
import type { WriteThrough } from '../sync/write-through.ts';
import { InstanceRepository } from './repository.ts';

/** The n8n API key never leaves the server: only its last four characters, masked. */
export const toInstanceView = (row: InstanceEntity): InstanceView => ({
  v: 1,
  id: row.id,
  name: row.name,
  url: row.url,
  apiKey: `••••${row.apiKeyLast4}`,
  status: row.status,
  lastSync: isoOrNull(row.lastSync),
  lastError: row.lastError ?? null,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export function instanceRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, services: Pick<Services, 'secretBox' | 'n8nFetch' | 'logger' | 'config'>, through: WriteThrough): void {
  const box = services.secretBox;
  const repository = (ctx: Context) => new InstanceRepository(em(ctx));
  const seal = (apiKey: string) => {
    const { ciphertext, keyId } = box.encrypt(apiKey);
    return { apiKeyCiphertext: ciphertext, apiKeyKeyId: keyId, apiKeyLast4: apiKey.slice(-4) };
  };
  ownedCrudRoutes(api, {
    path: '/instances',
    summaries: { create: 'Add an n8n instance (its API key is stored encrypted)', list: 'List n8n instances', read: 'Read an n8n instance', update: 'Update an n8n instance', delete: 'Remove an n8n instance' },
    repository,
    input: instanceInput,
    view: instanceView.schema,
    toView: toInstanceView,
    // The key must not cross a network in the clear: only TLS or loopback (see http/transport.ts).
    beforeWrite: (ctx, body) => {
      if (body.apiKey !== undefined) requireSecureTransport(ctx, services.config.trustProxy, 'An n8n API key');
    },
    toRow: ({ apiKey, ...rest }) => ({ ...rest, ...seal(apiKey), lastSync: null, lastError: null, lastExecutionId: null, deletedAt: null }),
    // A new address or key has not been tried yet: the instance is DISCONNECTED until it is.
    toChanges: ({ apiKey, ...rest }) => ({ ...rest, ...(apiKey === undefined ? {} : seal(apiKey)), ...(rest.url === undefined && apiKey === undefined ? {} : { status: 'DISCONNECTED' as const, lastError: null }) }),
    // The key is not a synced field: it stays here, encrypted (see shared/src/sync/entities.ts).
    sync: { entity: 'instance', through, fields: (row) => ({ name: row.name, url: row.url }) },
  });
  api.add({
    method: 'post',
    path: '/instances/:id/test',
    summary: 'Call the real n8n (GET /api/v1/workflows?limit=1) and store the result',
    tag: 'instances',
    auth: 'user',
    params: idParams,
    response: instanceView.schema,
    handler: async ({ ctx, params, auth }) => {
      const instances = repository(ctx);
      const row = await instances.get(auth.userId, params.id);
      let result: Pick<InstanceEntity, 'status' | 'lastError'> & { lastSync?: Date };
      try {
        // Inside the try: a key that no longer decrypts is this instance's error, not a 500.
        await (await n8nClientFor(services, row, { timeoutMs: 5_000, retries: 0 })).listWorkflows({ limit: 1 });
        result = { status: 'CONNECTED', lastError: null, lastSync: new Date() };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        services.logger.info({ instanceId: row.id, code: error.code, details: error.details }, 'instance test failed');
        result = { status: 'ERROR', lastError: reachProblem(error, row.url) };
      }
      return toInstanceView(await instances.update(auth.userId, params.id, result));
    },
  });
}
