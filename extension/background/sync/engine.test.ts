// @vitest-environment node
// The extension's sync engine (Dexie: fake-indexeddb here) against a real AI-HTTP server (the
// embedded store, booted in this process): two browser profiles converge through the server,
// changes pulled are never pushed back, local-only items stay home, sign-out keeps or wipes.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bootstrap, type App } from '../../../server/src/app.ts';
import { loadConfig } from '../../../server/src/config.ts';
import { SyncRepository } from '../../../server/src/modules/sync/repository.ts';
import { BuilderKeep } from '../../features/request-builder/background/keep.ts';
import { AiHttpDatabase } from '../db.ts';
import { createServerApi } from '../server/api.ts';
import { ServerStream } from '../server/stream.ts';
import { SyncEngine } from './engine.ts';

const request = { v: 1 as const, method: 'GET' as const, url: 'https://api.example.test/orders', query: [], headers: [], body: { mode: 'none' as const }, auth: { type: 'none' as const }, options: { followRedirects: true, timeoutMs: 30_000 } };

/** Counts the records put into each table (Dexie's DBCore, below every hook): IndexedDB's cost is per put. */
function countPuts(db: Dexie, puts: Record<string, number>): void {
  db.use({
    stack: 'dbcore',
    name: 'count-puts',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            if (req.type === 'put' || req.type === 'add') puts[name] = (puts[name] ?? 0) + req.values.length;
            return table.mutate(req);
          },
        };
      },
    }),
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sync engine against a real server', () => {
  let app: App;
  let server: Server;
  let url = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-ext-sync-'));
  beforeAll(async () => {
    app = await bootstrap(loadConfig({ NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', REGISTER_LIMIT_PER_HOUR: '1000000' }));
    server = createServer(app.koa.callback());
    app.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 120_000);
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser profile: its own Dexie, stream, engine and builder store, signed in as `session`. */
  async function profile(session: Awaited<ReturnType<ReturnType<typeof createServerApi>['login']>>, { beforeOpen, ...options }: { pullPage?: number; beforeOpen?: (db: AiHttpDatabase) => void; name?: string } = {}) {
    const db = new AiHttpDatabase(options.name ?? `profile-${crypto.randomUUID()}`);
    beforeOpen?.(db);
    await db.saveSession(session);
    const stream = new ServerStream({ loadSession: () => db.session(), saveSession: (s) => db.saveSession(s) });
    const engine = new SyncEngine(db, stream, options);
    // Wired as background/index.ts wires them: a queued change asks the engine to push soon.
    const keep = new BuilderKeep(db, { onQueued: () => engine.changed() });
    return { db, engine, keep };
  }

  /** Two profiles of one new user, sync enabled, their timers stopped (the test syncs by hand). */
  async function twoProfiles(name: string) {
    const session = await createServerApi(url).register({ email: `ext-${name}-${Date.now()}@example.com`, password: 'extension-sync-123', name });
    const a = await profile(session);
    const b = await profile(session);
    for (const { engine } of [a, b]) {
      await engine.enable(session.userId);
      engine.stop();
    }
    return { a, b };
  }

  it('two profiles converge: a template made in A appears in B, deleted in B it leaves A, offline edits in A arrive', async () => {
    const { a, b } = await twoProfiles('two');

    const template = await a.keep.save({ name: 'Orders template', tags: ['shop'], request, values: {}, kind: 'template' });
    expect(await a.db.syncOutbox.count()).toBe(1);
    await a.engine.syncNow();
    expect(await a.db.syncOutbox.count()).toBe(0);
    await b.engine.syncNow();
    expect((await b.keep.saved()).map((row) => [row.id, row.name, row.kind])).toEqual([[template.id, 'Orders template', 'template']]);
    // What B pulled is not queued back.
    expect(await b.db.syncOutbox.count()).toBe(0);

    await b.keep.delete(template.id);
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await a.keep.saved()).toEqual([]);

    // A edits twice without syncing (as while offline), then syncs.
    const second = await a.keep.save({ name: 'Users', tags: [], request, values: {} });
    await a.keep.save({ id: second.id, name: 'Users, edited offline', tags: ['later'], request, values: {} });
    expect(await a.db.syncOutbox.count()).toBe(2);
    await b.engine.syncNow();
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await b.keep.saved()).map((row) => [row.name, row.tags])).toEqual([['Users, edited offline', ['later']]]);
    expect((await a.engine.status())).toMatchObject({ enabled: true, pending: 0, error: null, lastSyncAt: expect.any(Number) });
  });

  it('a new device pulls over several pages (each next page asked for while one is written), then later changes over its copy of the server', async () => {
    const session = await createServerApi(url).register({ email: `ext-pages-${Date.now()}@example.com`, password: 'extension-sync-123', name: 'pages' });
    const a = await profile(session);
    await a.engine.enable(session.userId);
    a.engine.stop();
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await a.keep.save({ name: `Request ${i}`, tags: [], request, values: {}, kind: i === 6 ? 'template' : 'request' }));
    await a.engine.syncNow();

    const c = await profile(session, { pullPage: 2 });
    await c.engine.enable(session.userId);
    c.engine.stop();
    await c.engine.syncNow();
    expect((await c.keep.saved()).map((row) => row.name).sort()).toEqual(made.map((row) => row.name).sort());
    // Each saved request's server copy is in its row (Dexie v6): none in syncRecords.
    expect(await c.db.syncRecords.count()).toBe(0);
    expect((await c.db.savedRequests.toArray()).map((row) => row.synced?.id).sort()).toEqual(made.map((row) => row.id).sort());
    expect(await c.db.syncOutbox.count()).toBe(0);
    const cursor = (await c.db.syncMeta.get('current'))!.cursor;
    expect(cursor).toBe((await a.db.syncMeta.get('current'))!.cursor);

    // Later pages meet records C holds: an edit and a delete from A, and an offline edit in C of a
    // third one whose tags A edits meanwhile (one field each: both survive).
    await a.keep.save({ id: made[0]!.id, name: 'Request 0, edited in A', tags: [], request, values: {} });
    await a.keep.delete(made[1]!.id);
    await a.keep.save({ id: made[2]!.id, name: 'Request 2', tags: ['from A'], request, values: {} });
    await a.engine.syncNow();
    const copyBefore = (await c.db.savedRequests.get(made[2]!.id))!.synced;
    await c.keep.save({ id: made[2]!.id, name: 'Request 2, edited in C', tags: [], request, values: {} });
    // The builder's save keeps the row's copy of the server's record (the base the edit merges over).
    expect((await c.db.savedRequests.get(made[2]!.id))!.synced).toEqual(copyBefore);
    expect((await c.db.syncOutbox.toArray()).map((m) => [m.op, Object.keys(m.fields)])).toEqual([['update', ['name']]]);
    await c.engine.syncNow();
    await a.engine.syncNow();
    const names = async (db: AiHttpDatabase) => (await db.savedRequests.toArray()).filter((row) => row.deletedAt === null).map((row) => row.name).sort();
    expect(await names(c.db)).toEqual(['Request 0, edited in A', 'Request 2, edited in C', 'Request 3', 'Request 4', 'Request 5', 'Request 6']);
    expect(await names(a.db)).toEqual(await names(c.db));
    for (const db of [a.db, c.db]) expect((await db.savedRequests.get(made[2]!.id))?.tags).toEqual(['from A']);
    expect(await c.db.syncOutbox.count()).toBe(0);
    // The tombstone pulled for a row C had: the row leaves, its copy (the tombstone) is in syncRecords.
    expect(await c.db.savedRequests.get(made[1]!.id)).toBeUndefined();
    expect(await c.db.syncRecords.toArray()).toEqual([expect.objectContaining({ entity: 'savedRequest', id: made[1]!.id, deleted: expect.any(String) })]);
    expect((await c.db.savedRequests.get(made[2]!.id))!.synced).toMatchObject({ fields: { name: 'Request 2, edited in C', tags: ['from A'] } });
    // Nothing the builder hands out carries the copy.
    for (const row of await c.keep.saved()) expect(row).not.toHaveProperty('synced');
  });

  it("a new device's pull writes each saved request once: its row, carrying the server's copy", async () => {
    const session = await createServerApi(url).register({ email: `ext-once-${Date.now()}@example.com`, password: 'extension-sync-123', name: 'once' });
    const a = await profile(session);
    await a.engine.enable(session.userId);
    a.engine.stop();
    for (let i = 0; i < 5; i++) await a.keep.save({ name: `Once ${i}`, tags: [], request, values: {} });
    await a.engine.syncNow();

    const puts: Record<string, number> = {};
    const c = await profile(session, { pullPage: 2, beforeOpen: (db) => countPuts(db, puts) });
    await c.engine.enable(session.userId);
    c.engine.stop();
    for (const key of Object.keys(puts)) delete puts[key];
    await c.engine.syncNow();
    expect(await c.keep.saved()).toHaveLength(5);
    expect(puts.savedRequests).toBe(5);
    expect(puts.syncRecords ?? 0).toBe(0);
  });

  it('live: a template saved in A reaches B within 2 s (A pushes on the change, the server nudges B over /ws)', async () => {
    const { a, b } = await twoProfiles('live');
    for (const { engine } of [a, b]) engine.start();
    try {
      // Both sockets are up (each engine syncs on connection).
      await until(async () => (await a.engine.status()).lastSyncAt !== null && (await b.engine.status()).lastSyncAt !== null);
      await new Promise((r) => setTimeout(r, 300));
      const started = performance.now();
      const made = await a.keep.save({ name: 'Live template', tags: [], request, values: {}, kind: 'template' });
      await until(async () => (await b.keep.saved()).some((row) => row.id === made.id), 2_000);
      expect(performance.now() - started).toBeLessThan(2_000);
      await b.keep.delete(made.id);
      await until(async () => (await a.keep.saved()).length === 0, 2_000);
    } finally {
      a.engine.stop();
      b.engine.stop();
    }
  }, 30_000);

  it("a topic subscribed on the socket sync holds open goes live (the debugger's panel while signed in)", async () => {
    const { a } = await twoProfiles('topic');
    const session = (await a.db.session())!;
    const instance = await fetch(`${url}/api/v1/instances`, { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'n8n', url: 'http://127.0.0.1:9', apiKey: 'n8n_api_topic_0123456789' }) });
    const { data } = (await instance.json()) as { data: { id: string } };
    const stream = (a.engine as unknown as { stream: ServerStream }).stream;
    a.engine.start();
    try {
      await until(async () => (await a.engine.status()).lastSyncAt !== null);
      await new Promise((r) => setTimeout(r, 200));
      const states: string[] = [];
      const stop = stream.subscribe(`instance:${data.id}`, { onEvent: () => undefined, onState: (state) => states.push(state) });
      await until(async () => states.includes('live'), 5_000);
      stop();
    } finally {
      a.engine.stop();
    }
  }, 30_000);

  it('a server that cannot be reached is reported in the status, and the change waits in the outbox', async () => {
    const session = await createServerApi(url).register({ email: `ext-down-${Date.now()}@example.com`, password: 'extension-sync-123', name: 'down' });
    const a = await profile({ ...session, serverUrl: 'http://127.0.0.1:9' });
    await a.engine.enable(session.userId);
    a.engine.stop();
    await a.keep.save({ name: 'Waits', tags: [], request, values: {} });
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect(await a.engine.status()).toMatchObject({ pending: 1, error: expect.stringContaining('does not answer') });
  });

  it('an item kept local-only never reaches the other profile; sign-out keeps or wipes the local copy', async () => {
    const { a, b } = await twoProfiles('local');
    const secret = await a.keep.save({ name: 'Only here', tags: [], request, values: {} });
    await a.engine.setLocalOnly(secret.id, true);
    a.engine.stop();
    await a.keep.save({ id: secret.id, name: 'Only here, edited', tags: [], request, values: {} });
    const shared = await a.keep.save({ name: 'Everywhere', tags: [], request, values: {} });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await b.keep.saved()).map((row) => row.id)).toEqual([shared.id]);
    expect((await a.keep.saved()).map((row) => row.name).sort()).toEqual(['Everywhere', 'Only here, edited']);

    expect((await b.db.savedRequests.get(shared.id))?.synced).toMatchObject({ id: shared.id });
    await b.engine.disable({ wipe: false });
    expect((await b.keep.saved()).map((row) => row.id)).toEqual([shared.id]);
    // Kept, local: no server copy stays behind in the rows (nor in syncRecords).
    expect((await b.db.savedRequests.toArray()).map((row) => row.synced)).toEqual([undefined]);
    expect(await b.db.syncRecords.count()).toBe(0);
    await a.engine.disable({ wipe: true });
    expect(await a.keep.saved()).toEqual([]);
    expect(await a.engine.status()).toMatchObject({ enabled: false, pending: 0 });
  });

  it('a synced saved request kept local-only afterwards: its row keeps the fields, its server copy moves to syncRecords and follows there', async () => {
    const { a, b } = await twoProfiles('later-local');
    const made = await a.keep.save({ name: 'Synced first', tags: [], request, values: {} });
    await a.engine.syncNow();
    await b.engine.syncNow();
    const copy = (await b.db.savedRequests.get(made.id))!.synced!;
    expect(copy).toMatchObject({ id: made.id });
    await b.engine.setLocalOnly(made.id, true);
    b.engine.stop();
    expect((await b.db.savedRequests.get(made.id))?.synced).toBeUndefined();
    expect(await b.db.syncRecords.get(['savedRequest', made.id])).toEqual(copy);
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await a.keep.saved()).toEqual([]);
    // B pulled its own delete: the tombstone is the copy, in syncRecords; the row stays, local.
    expect((await b.keep.saved()).map((row) => row.name)).toEqual(['Synced first']);
    expect((await b.db.savedRequests.get(made.id))?.synced).toBeUndefined();
    expect(await b.db.syncRecords.get(['savedRequest', made.id])).toMatchObject({ deleted: expect.any(String) });
  });

  it('an instance kept on this device only leaves the server (key included) and is not sent again; undone, it is sent again', async () => {
    const session = await createServerApi(url).register({ email: `ext-inst-${Date.now()}@example.com`, password: 'extension-sync-123', name: 'inst' });
    const a = await profile(session);
    await a.engine.enable(session.userId);
    a.engine.stop();
    const origin = 'http://127.0.0.1:5999';
    await a.db.instances.put({ origin, name: 'Office n8n', apiKey: 'n8n_api_local_only_4242', addedAt: Date.now() });
    const stream = new ServerStream({ loadSession: () => a.db.session(), saveSession: (s) => a.db.saveSession(s) });
    await stream.addInstance({ name: 'Office n8n', url: origin, apiKey: 'n8n_api_local_only_4242' });
    const onServer = async () => (await createServerApi(url).listInstances(session.accessToken)).map((row) => [row.url, row.apiKey]);
    expect(await onServer()).toEqual([[origin, '••••4242']]);
    const saved = await a.keep.save({ name: 'Orders', tags: [], request, values: {} });

    await a.engine.setInstanceLocalOnly(origin, true);
    expect(await onServer()).toEqual([]);
    expect(await a.engine.scope()).toEqual({ historySync: false, savedRequests: [{ id: saved.id, name: 'Orders', kind: 'request', localOnly: false }], instances: [{ origin, name: 'Office n8n', localOnly: true }] });
    // Still here, key and all; and adding it again does not send it.
    expect((await a.db.instances.get(origin))?.apiKey).toBe('n8n_api_local_only_4242');

    await a.engine.setInstanceLocalOnly(origin, false);
    expect(await onServer()).toEqual([[origin, '••••4242']]);
    expect((await a.engine.scope()).instances).toEqual([{ origin, name: 'Office n8n', localOnly: false }]);
  });

  it('instances follow the account: one added elsewhere appears here without a key, removed there it leaves; signing in uploads the ones with a key', async () => {
    const session = await createServerApi(url).register({ email: `ext-follow-${Date.now()}@example.com`, password: 'extension-sync-123', name: 'follow' });
    const api = createServerApi(url);
    // A has an instance with its key before signing in: enabling sync sends it to the server.
    const a = await profile(session);
    await a.db.instances.put({ origin: 'http://127.0.0.1:5998', name: 'Home n8n', apiKey: 'n8n_api_upload_1357', addedAt: Date.now() });
    await a.engine.enable(session.userId);
    a.engine.stop();
    expect((await api.listInstances(session.accessToken)).map((row) => [row.url, row.apiKey])).toEqual([['http://127.0.0.1:5998', '••••1357']]);

    const b = await profile(session);
    await b.engine.enable(session.userId);
    b.engine.stop();
    await b.engine.syncNow();
    expect(await b.db.instances.toArray()).toEqual([{ origin: 'http://127.0.0.1:5998', name: 'Home n8n', apiKey: null, addedAt: expect.any(Number) }]);

    // Renamed and then removed on the server (the REST API, as another device would): B follows.
    const [row] = await api.listInstances(session.accessToken);
    await api.write(session.accessToken, 'patch', `instances/${row!.id}`, z.unknown(), { name: 'Home n8n (renamed)' });
    await b.engine.syncNow();
    expect((await b.db.instances.get('http://127.0.0.1:5998'))?.name).toBe('Home n8n (renamed)');
    await api.write(session.accessToken, 'delete', `instances/${row!.id}`, z.unknown());
    await b.engine.syncNow();
    expect(await b.db.instances.count()).toBe(0);
  });

  it('the request history syncs only when the user opts in, without response bodies; clearing it clears it everywhere opted in', async () => {
    const { a, b } = await twoProfiles('history');
    const response = { status: 200, statusText: 'OK', url: request.url, timeMs: 42, sizeBytes: 11, headers: [], contentType: 'application/json', body: { kind: 'text' as const, text: '{"ok":true}' }, truncated: false };
    const before = await a.keep.recordSend(request, { response });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await b.keep.history()).toEqual([]);

    await a.engine.setHistorySync(true);
    const after = await a.keep.recordSend(request, { failure: { code: 'N8N_UNREACHABLE', message: 'refused' }, timeMs: 3 });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await b.keep.history()).toEqual([]); // B has not opted in
    await b.engine.setHistorySync(true);
    await b.engine.syncNow();
    const synced = await b.keep.history();
    expect(synced.map((entry) => entry.id).sort()).toEqual([before.id, after.id].sort());
    expect(synced.find((entry) => entry.id === before.id)?.outcome).toEqual({ kind: 'response', status: 200, timeMs: 42, sizeBytes: 11, contentType: 'application/json', body: null });
    expect((await a.keep.history()).find((entry) => entry.id === before.id)?.outcome).toMatchObject({ body: '{"ok":true}' });

    await a.keep.clearHistory();
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await b.keep.history()).toEqual([]);
    expect((await a.engine.scope()).historySync).toBe(true);
  });
  it('a device away longer than tombstone retention starts over: rows, synced history and instances that only came from the server and were deleted leave; its own stay', async () => {
    const { a, b } = await twoProfiles('reset');
    const session = (await a.db.session())!;
    const api = createServerApi(url);
    for (const { engine } of [a, b]) await engine.setHistorySync(true);
    const kept = await a.keep.save({ name: 'Kept', tags: [], request, values: {} });
    const dropped = await a.keep.save({ name: 'Deleted while B was away', tags: [], request, values: {} });
    const fromA = await a.keep.recordSend(request, { failure: { code: 'N8N_UNREACHABLE', message: 'refused' }, timeMs: 3 });
    const response = { status: 200, statusText: 'OK', url: request.url, timeMs: 5, sizeBytes: 2, headers: [], contentType: 'text/plain', body: { kind: 'text' as const, text: 'ok' }, truncated: false };
    const ownOfB = await b.keep.recordSend(request, { response });
    const addInstance = async (origin: string, name: string) => {
      const res = await fetch(`${url}/api/v1/instances`, { method: 'POST', headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, url: origin, apiKey: `n8n_api_${name.replaceAll(' ', '_')}_0123456789` }) });
      return ((await res.json()) as { data: { id: string } }).data.id;
    };
    const fromServer = await addInstance('http://127.0.0.1:5971', 'only on the server');
    await addInstance('http://127.0.0.1:5972', 'still there');
    // B's own instance, with its key here, also on the server; and one B added without a key, never sent.
    await b.db.instances.put({ origin: 'http://127.0.0.1:5973', name: 'B own', apiKey: 'n8n_api_b_own_4444', addedAt: Date.now() });
    const ownOfBOnServer = await addInstance('http://127.0.0.1:5973', 'B own');
    await b.db.instances.put({ origin: 'http://127.0.0.1:5974', name: 'B keyless', apiKey: null, addedAt: Date.now() });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await b.keep.saved()).map((row) => row.name).sort()).toEqual(['Deleted while B was away', 'Kept']);
    expect((await b.keep.history()).map((entry) => entry.id).sort()).toEqual([fromA.id, ownOfB.id].sort());
    expect((await b.db.instances.toArray()).map((row) => row.origin).sort()).toEqual(['http://127.0.0.1:5971', 'http://127.0.0.1:5972', 'http://127.0.0.1:5973', 'http://127.0.0.1:5974']);

    // B goes away. Meanwhile A deletes a request and clears the history (B's entry too), the
    // instances are removed on the server, and the server forgets those tombstones.
    await a.keep.delete(dropped.id);
    await a.keep.clearHistory();
    await a.keep.recordSend(request, { failure: { code: 'N8N_UNREACHABLE', message: 'after the clear' }, timeMs: 3 });
    await a.engine.syncNow();
    for (const id of [fromServer, ownOfBOnServer]) await api.write(session.accessToken, 'delete', `instances/${id}`, z.unknown());
    const em = app.services.database.orm.em.fork() as ConstructorParameters<typeof SyncRepository>[0];
    expect(await new SyncRepository(em, session.userId, app.services.secretBox).purgeTombstones(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(5);
    // While away B edits the kept request: pending, it stays through the reset and then syncs.
    await b.keep.save({ id: kept.id, name: 'Kept, edited while away', tags: [], request, values: {} });

    await b.engine.syncNow();
    expect((await b.keep.saved()).map((row) => row.name)).toEqual(['Kept, edited while away']);
    expect((await b.db.savedRequests.get(kept.id))?.synced).toMatchObject({ fields: { name: 'Kept, edited while away' } });
    const history = await b.keep.history();
    expect(history.map((entry) => entry.outcome)).toEqual([expect.objectContaining({ message: 'after the clear' })]);
    expect((await b.db.instances.toArray()).map((row) => [row.origin, row.apiKey]).sort()).toEqual([
      ['http://127.0.0.1:5972', null],
      ['http://127.0.0.1:5973', 'n8n_api_b_own_4444'],
      ['http://127.0.0.1:5974', null],
    ]);
    expect((await b.db.syncMeta.get('current'))?.afterReset).toBeUndefined();
    expect(await b.engine.status()).toMatchObject({ pending: 0, error: null });
    await a.engine.syncNow();
    expect((await a.keep.saved()).map((row) => row.name)).toEqual(['Kept, edited while away']);
  });

  it('a v5 database (the server copies in syncRecords) upgrades to v6, the copies moving into their rows, and syncs on', async () => {
    const { a, b } = await twoProfiles('upgrade');
    const session = (await a.db.session())!;
    const first = await a.keep.save({ name: 'First', tags: [], request, values: {} });
    const second = await a.keep.save({ name: 'Second', tags: [], request, values: {} });
    const gone = await a.keep.save({ name: 'Gone', tags: [], request, values: {} });
    const secret = await a.keep.save({ name: 'Local only in the old database', tags: [], request, values: {} });
    await a.keep.delete(gone.id);
    await a.engine.syncNow();
    await b.engine.syncNow();

    // What B holds, written the way Dexie v5 kept it: each copy in syncRecords, none in the rows;
    // one row kept local-only (its copy stays in syncRecords).
    const rows = await b.db.savedRequests.toArray();
    const copies = [...(await b.db.syncRecords.toArray()), ...rows.flatMap((row) => (row.synced ? [row.synced] : []))];
    const meta = (await b.db.syncMeta.get('current'))!;
    expect(copies.map((copy) => copy.id).sort()).toEqual([first.id, second.id, gone.id, secret.id].sort());
    const name = `profile-v5-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(5).stores({ instances: 'origin', executions: '[origin+id], [origin+workflowId], savedAt', account: 'key', savedRequests: 'id, updatedAt', history: 'id, sentAt', syncMeta: 'key', syncRecords: '[entity+id]', syncOutbox: 'mid', syncLocalOnly: 'key' });
    await old.table('account').put({ key: 'current', ...session });
    await old.table('syncMeta').put({ ...meta, clientId: `${meta.clientId.slice(0, 20)}v5up`, nextMid: 1 });
    await old.table('savedRequests').bulkPut(rows.map(({ synced: _synced, ...row }) => row));
    await old.table('syncRecords').bulkPut(copies);
    await old.table('syncLocalOnly').put({ key: `savedRequest/${secret.id}` });
    old.close();

    const d = await profile(session, { name });
    expect(d.db.verno).toBe(6);
    expect((await d.db.syncRecords.toArray()).map((copy) => copy.id).sort()).toEqual([gone.id, secret.id].sort());
    expect((await d.db.savedRequests.get(first.id))?.synced).toEqual(copies.find((copy) => copy.id === first.id));
    expect((await d.db.savedRequests.get(secret.id))?.synced).toBeUndefined();

    // Syncs on: an edit in A arrives over the moved copy; an edit in D goes out naming one field.
    await a.keep.save({ id: first.id, name: 'First, edited in A', tags: [], request, values: {} });
    await a.engine.syncNow();
    await d.keep.save({ id: second.id, name: 'Second', tags: ['from D'], request, values: {} });
    expect((await d.db.syncOutbox.toArray()).map((m) => [m.op, Object.keys(m.fields)])).toEqual([['update', ['tags']]]);
    await d.engine.syncNow();
    await a.engine.syncNow();
    const view = async (db: AiHttpDatabase) => (await db.savedRequests.toArray()).filter((row) => row.deletedAt === null).map((row) => [row.name, row.tags]).sort();
    expect(await view(d.db)).toEqual([['First, edited in A', []], ['Local only in the old database', []], ['Second', ['from D']]]);
    expect(await view(a.db)).toEqual([['First, edited in A', []], ['Local only in the old database', []], ['Second', ['from D']]]);
    expect((await d.db.savedRequests.get(first.id))?.synced).toMatchObject({ fields: { name: 'First, edited in A' } });
    expect(await d.db.syncOutbox.count()).toBe(0);
  });
});
