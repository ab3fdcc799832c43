import type { EntityData, RequiredEntityData } from '@mikro-orm/core';
import type { Context } from 'koa';
import { deletedSchema, pageSchema, patchOf } from '@ai-http/shared/api/resources';
import type { SyncedEntity } from '@ai-http/shared/sync/entities';
import type { z } from 'zod';
import type { OwnedRepository, OwnedRow, Page } from '../db/owned-repository.ts';
import type { ServerWrite } from '../modules/sync/service.ts';
import type { WriteThrough } from '../modules/sync/write-through.ts';
import { idParams, pageQuery, type ApiRegistry, type AuthState } from './api.ts';

type PageQuery = z.output<typeof pageQuery>;

/**
 * A collection of rows a user owns, served as five routes under `path`: create, list (a page),
 * read, update (PATCH: only the fields sent change) and delete (a tombstone). Each route keeps the
 * registry's steps (rate limit, auth and API-key scope, validation, OpenAPI), so a resource only
 * declares what differs: its shapes, how input becomes a row, and the extras it plugs in.
 */
export type OwnedResource<Row extends OwnedRow, Input extends z.ZodObject, View> = ResourceShape<Row, Input, View> & Creation<Row, Input>;

interface ResourceShape<Row extends OwnedRow, Input extends z.ZodObject, View> {
  /** `/instances`; also the OpenAPI tag. */
  path: `/${string}`;
  /** Who may call the five routes (see RouteDefinition.auth); 'user' unless given. */
  auth?: 'user' | 'session';
  summaries: { create: string; list: string; read: string; update: string; delete: string };
  repository(ctx: Context): OwnedRepository<Row>;
  /** The create body; the PATCH body is `patchOf(input)` unless `patch` is given. */
  input: Input;
  patch?: z.ZodType<Partial<z.output<Input>>>;
  /** The answer shape (a versioned entity's latest schema) and how a row becomes one. */
  view: z.ZodType<View>;
  toView(row: Row): View;
  /** The columns a PATCH changes; by default the fields it sends, as they are. */
  toChanges?(patch: Partial<z.output<Input>>): EntityData<Row>;
  /** Extra columns a delete sets, e.g. a revocation time. */
  onDelete?(): EntityData<Row>;
  /** Serves the list through something, e.g. a cache; `load` reads the page. */
  serveList?(args: { auth: AuthState; query: PageQuery; load: () => Promise<Page<View>> }): Promise<unknown>;
  /** Before a create or update runs (its body validated): throws to refuse it, e.g. a secret over plain HTTP. */
  beforeWrite?(ctx: Context, body: Partial<z.output<Input>>): void;
  /** After each create, update and delete, with the stored row (and the PATCH body). */
  afterWrite?(row: Row, auth: AuthState, patch?: Partial<z.output<Input>>): Promise<void>;
  /**
   * Devices sync this resource: every write also goes into the sync change log, in the same
   * transaction, as `entity` with the fields `fields(row)` gives (null: this row does not sync);
   * an update records only the fields its PATCH sent.
   */
  sync?: { entity: SyncedEntity; through: WriteThrough; fields(row: Row): Record<string, unknown> | null };
  /**
   * Secrets inside the row stored sealed: `seal` turns the columns to write into their stored
   * form, `open` a stored row back into a copy in the clear (never the managed entity, which would
   * be flushed in the clear). Everything past the repository (views, sync fields, hooks) sees the opened row.
   * Reads pass their `reader`: a row another user shared (a public template) opens with its secrets
   * hidden, never in the clear.
   */
  secrets?: { seal(data: EntityData<Row>): Promise<EntityData<Row>>; open(row: Row, reader?: string): Promise<Row> };
}

/** How a create body becomes a row: its columns (the owner is added here), or a whole route of its own. */
type Creation<Row extends OwnedRow, Input extends z.ZodObject> =
  | { toRow(input: z.output<Input>): Omit<RequiredEntityData<Row>, 'userId'>; create?: never }
  | {
      toRow?: never;
      /** Replaces the create route, e.g. to answer with a secret shown only this once. */
      create: { summary: string; response: z.ZodType; handler(args: { body: z.output<Input>; auth: AuthState; repository: OwnedRepository<Row> }): Promise<unknown> };
    };

export function ownedCrudRoutes<Row extends OwnedRow, Input extends z.ZodObject, View>(api: ApiRegistry, resource: OwnedResource<Row, Input, View>): void {
  const { path, summaries, repository, view, toView, afterWrite } = resource;
  const patch = resource.patch ?? (patchOf(resource.input) as unknown as z.ZodType<Partial<z.output<Input>>>);
  const toChanges = resource.toChanges ?? ((body: Partial<z.output<Input>>) => body as EntityData<Row>);
  const seal = (data: EntityData<Row>) => (resource.secrets ? resource.secrets.seal(data) : Promise.resolve(data));
  const open = (row: Row, reader?: string) => (resource.secrets ? resource.secrets.open(row, reader) : Promise.resolve(row));
  const common = { tag: path.slice(1), auth: resource.auth ?? 'user' } as const;
  const item = `${path}/:id`;
  const written = async (row: Row, auth: AuthState, body?: Partial<z.output<Input>>) => {
    await afterWrite?.(row, auth, body);
    return row;
  };
  // Without sync, the write as it is; with it, the write and its change-log record in one transaction.
  const synced = (ctx: Context, auth: AuthState, op: ServerWrite['op'], work: () => Promise<Row>, body?: Partial<z.output<Input>>): Promise<Row> => {
    const { sync } = resource;
    if (!sync) return work();
    return sync.through.run(ctx, auth.userId, work, (row) => {
      const whole = sync.fields(row);
      if (!whole) return null;
      if (op !== 'update') return { op, entity: sync.entity, id: row.id, fields: whole };
      const fields = Object.fromEntries(Object.keys(body ?? {}).filter((key) => key in whole).map((key) => [key, whole[key]]));
      return Object.keys(fields).length ? { op, entity: sync.entity, id: row.id, fields, whole } : null;
    });
  };

  api.add({
    ...common,
    method: 'post',
    path,
    status: 201,
    body: resource.input,
    summary: resource.create?.summary ?? summaries.create,
    response: resource.create?.response ?? view,
    // A create of its own (an API key's) answers with a secret, which must not be kept for replay.
    idempotent: !resource.create,
    handler: async ({ ctx, body, auth }) => {
      resource.beforeWrite?.(ctx, body);
      const rows = repository(ctx);
      if (resource.create) return resource.create.handler({ body, auth, repository: rows });
      return toView(await written(await synced(ctx, auth, 'create', async () => rows.create((await seal({ ...resource.toRow(body), userId: auth.userId } as EntityData<Row>)) as RequiredEntityData<Row>).then(open)), auth));
    },
  });
  api.add({
    ...common,
    method: 'get',
    path,
    query: pageQuery,
    summary: summaries.list,
    response: pageSchema(view),
    handler: ({ ctx, query, auth }) => {
      const load = async (): Promise<Page<View>> => {
        const page = await repository(ctx).list(auth.userId, query);
        return { items: (await Promise.all(page.items.map((row) => open(row, auth.userId)))).map(toView), nextCursor: page.nextCursor };
      };
      return resource.serveList ? resource.serveList({ auth, query, load }) : load();
    },
  });
  api.add({ ...common, method: 'get', path: item, params: idParams, summary: summaries.read, response: view, handler: async ({ ctx, params, auth }) => toView(await open(await repository(ctx).get(auth.userId, params.id), auth.userId)) });
  api.add({
    ...common,
    method: 'patch',
    path: item,
    params: idParams,
    body: patch,
    summary: summaries.update,
    response: view,
    handler: async ({ ctx, params, body, auth }) => {
      resource.beforeWrite?.(ctx, body);
      return toView(await written(await synced(ctx, auth, 'update', async () => open(await repository(ctx).update(auth.userId, params.id, await seal(toChanges(body)))), body), auth, body));
    },
  });
  api.add({
    ...common,
    method: 'delete',
    path: item,
    params: idParams,
    summary: summaries.delete,
    response: deletedSchema,
    handler: async ({ ctx, params, auth }) => {
      const row = await written(await synced(ctx, auth, 'delete', async () => open(await repository(ctx).remove(auth.userId, params.id, resource.onDelete?.()))), auth);
      return { id: row.id, deleted: true as const };
    },
  });
}
