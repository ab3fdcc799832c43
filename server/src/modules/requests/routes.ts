import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { savedRequestInput, savedRequestView, type SavedRequestView } from '@ai-http/shared/api/resources';
import type { ApiRegistry } from '../../http/api.ts';
import { ownedCrudRoutes } from '../../http/owned-routes.ts';
import { iso } from '../../http/timestamps.ts';
import type { SavedRequestEntity } from './entity.ts';
import type { WriteThrough } from '../sync/write-through.ts';
import { savedRequests } from './repository.ts';
import type { SecretBox } from '../../infra/secret-box.ts';
import { sealedRequestColumn } from '../sync/sealed-fields.ts';

const toView = (row: SavedRequestEntity): SavedRequestView => ({ v: 1, id: row.id, name: row.name, request: row.request, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) });

export function requestRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, box: SecretBox, through: WriteThrough): void {
  ownedCrudRoutes(api, {
    path: '/requests',
    summaries: { create: 'Save a request', list: 'List saved requests', read: 'Read a saved request', update: 'Update a saved request', delete: 'Delete a saved request' },
    repository: (ctx) => savedRequests(em(ctx)),
    input: savedRequestInput,
    view: savedRequestView.schema,
    toView,
    toRow: (input) => ({ ...input, deletedAt: null }),
    secrets: sealedRequestColumn<SavedRequestEntity>(box),
    // Devices keep saved requests with tags and field values; the REST shape has neither.
    sync: { entity: 'savedRequest', through, fields: (row) => ({ kind: 'request', name: row.name, request: row.request, tags: [], values: {} }) },
  });
}
