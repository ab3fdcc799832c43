// Sync (issue 17) over HTTP against the real store of this project (Postgres, or embedded PGlite):
// two devices converge, a push applies once, REST writes reach devices, users stay apart, other
// devices are nudged over /ws, and a long-offline device starts over after tombstones are purged.
import { once } from 'node:events';
import type { Context } from 'koa';
import { serverMessageSchema, type ServerMessage } from '@ai-http/shared/realtime/protocol';
import { requestSpec } from '@ai-http/shared/request/spec';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { savedRequests } from '../src/modules/requests/repository.ts';
import { SyncRepository } from '../src/modules/sync/repository.ts';
import { writeThrough } from '../src/modules/sync/write-through.ts';
import { signUp, suiteServer } from './helpers.ts';
import { SyncDevice } from './sync-device.ts';

const request = { v: 1, method: 'GET', url: 'https://api.example.test/orders' };
const saved = (name: string) => ({ kind: 'request', name, tags: [], request, values: {} });

describe('sync over HTTP', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const devices = async (name: string) => {
    const user = await signUp(suite.api, name);
    return { user, a: new SyncDevice(suite.server.url, user.accessToken, 'a'), b: new SyncDevice(suite.server.url, user.accessToken, 'b') };
  };

  it('two devices converge: a create reaches the other, concurrent edits of different fields both survive, a delete reaches both', async () => {
    const { a, b } = await devices('two');
    const id = crypto.randomUUID();
    a.write({ op: 'create', entity: 'savedRequest', id, fields: saved('Orders') });
    await a.sync();
    await b.pull();
    expect(b.visible().get(`savedRequest/${id}`)).toMatchObject({ name: 'Orders', request: { url: request.url } });

    a.write({ op: 'update', entity: 'savedRequest', id, fields: { name: 'Orders (a)' } });
    b.write({ op: 'update', entity: 'savedRequest', id, fields: { tags: ['shop'] } });
    await a.sync();
    await b.sync();
    await a.sync();
    expect(a.visible()).toEqual(b.visible());
    expect(a.visible().get(`savedRequest/${id}`)).toMatchObject({ name: 'Orders (a)', tags: ['shop'] });

    b.write({ op: 'delete', entity: 'savedRequest', id });
    await b.sync();
    await a.sync();
    expect(a.visible().size).toBe(0);
    expect(b.visible().size).toBe(0);
    expect(a.state.outbox).toEqual([]);
  });

  it('a push sent twice applies once; the second answer says duplicate and moves nothing', async () => {
    const { a } = await devices('twice');
    a.write({ op: 'create', entity: 'savedRequest', id: crypto.randomUUID(), fields: saved('Once') });
    const first = await a.push();
    const second = await a.push();
    expect(first?.results.map((result) => result.status)).toEqual(['applied']);
    expect(second?.results.map((result) => result.status)).toEqual(['duplicate']);
    expect((second as unknown as { cursor: number }).cursor).toBe((first as unknown as { cursor: number }).cursor);
  });

  it('pulls in pages, tombstones included', async () => {
    const { a, b } = await devices('pages');
    for (let i = 0; i < 7; i++) a.write({ op: 'create', entity: 'savedRequest', id: `r${i}`, fields: saved(`R${i}`) });
    a.write({ op: 'delete', entity: 'savedRequest', id: 'r3' });
    await a.push();
    expect(await b.pull(2)).toBe(4);
    expect(b.visible().size).toBe(6);
    expect(b.state.base['savedRequest/r3']?.deleted).toBeTruthy();
  });

  it('REST and CLI writes go through the change log: devices pull saved requests, own templates and instances (never a key)', async () => {
    const { user, a } = await devices('rest');
    const call = <T>(method: string, path: string, body?: unknown) => suite.api.call<{ data: T }>(method, path, { token: user.accessToken, body });
    const created = await call<{ id: string }>('POST', '/api/v1/requests', { name: 'From REST', request });
    const template = await call<{ id: string }>('POST', '/api/v1/templates', { service: 'Acme', name: 'Acme orders', tags: ['acme'], request });
    const instance = await call<{ id: string }>('POST', '/api/v1/instances', { name: 'n8n', url: 'http://127.0.0.1:5678', apiKey: 'n8n_api_secret_0123456789' });
    await a.pull();
    expect(a.visible().get(`savedRequest/${created.body.data.id}`)).toMatchObject({ kind: 'request', name: 'From REST' });
    expect(a.visible().get(`savedRequest/${template.body.data.id}`)).toMatchObject({ kind: 'template', name: 'Acme orders', tags: ['acme'] });
    expect(a.visible().get(`instance/${instance.body.data.id}`)).toEqual({ name: 'n8n', url: 'http://127.0.0.1:5678' });
    expect(JSON.stringify(a.state.base)).not.toContain('n8n_api_secret');

    // A device edits the tags while REST renames it: both survive.
    a.write({ op: 'update', entity: 'savedRequest', id: created.body.data.id, fields: { tags: ['mine'] } });
    await a.push();
    expect((await call('PATCH', `/api/v1/requests/${created.body.data.id}`, { name: 'Renamed by REST' })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/instances/${instance.body.data.id}`)).status).toBe(200);
    await a.pull();
    expect(a.visible().get(`savedRequest/${created.body.data.id}`)).toMatchObject({ name: 'Renamed by REST', tags: ['mine'] });
    expect(a.visible().has(`instance/${instance.body.data.id}`)).toBe(false);
  });

  it('writes from devices show in the REST lists (requests and own templates), secrets sealed in those tables too; a device delete or kind change moves them', async () => {
    const { user, a } = await devices('rest-lists');
    const call = <T>(method: string, path: string, body?: unknown) => suite.api.call<{ data: T }>(method, path, { token: user.accessToken, body });
    const listed = async (path: string) => (await call<{ items: { id: string; name: string; request: { auth: unknown } }[] }>('GET', `${path}?limit=100`)).body.data.items;
    const requestId = crypto.randomUUID();
    const templateId = crypto.randomUUID();
    a.write({ op: 'create', entity: 'savedRequest', id: requestId, fields: { ...saved('From a device'), request: { ...request, auth: { type: 'bearer', token: 'device-SECRET-8080' } } } });
    a.write({ op: 'create', entity: 'savedRequest', id: templateId, fields: { ...saved('Device template'), kind: 'template', tags: ['acme'] } });
    await a.sync();

    expect((await listed('/api/v1/requests')).map((row) => [row.id, row.name, row.request.auth])).toEqual([[requestId, 'From a device', { type: 'bearer', token: 'device-SECRET-8080' }]]);
    const own = (await listed('/api/v1/templates')).filter((row) => row.id === templateId);
    expect(own).toMatchObject([{ name: 'Device template', service: 'api.example.test', tags: ['acme'], isPublic: false }]);
    const em = suite.server.app.services.database.fork();
    const [raw] = (await em.getConnection().execute('select "request"::text as "spec" from "requests" where "id" = ?', [requestId])) as { spec: string }[];
    expect(raw!.spec).not.toContain('device-SECRET-8080');
    expect(raw!.spec).toContain('sealed:v1:');

    // A REST edit reaches the device, and the device's next edit shows in the list.
    expect((await call('PATCH', `/api/v1/requests/${requestId}`, { name: 'Renamed by REST' })).status).toBe(200);
    await a.pull();
    expect(a.visible().get(`savedRequest/${requestId}`)).toMatchObject({ name: 'Renamed by REST', request: { auth: { token: 'device-SECRET-8080' } } });
    a.write({ op: 'update', entity: 'savedRequest', id: requestId, fields: { kind: 'template' } });
    a.write({ op: 'delete', entity: 'savedRequest', id: templateId });
    await a.sync();
    expect(await listed('/api/v1/requests')).toEqual([]);
    expect((await listed('/api/v1/templates')).filter((row) => row.id === requestId || row.id === templateId).map((row) => [row.id, row.name])).toEqual([[requestId, 'Renamed by REST']]);
  });

  it('a REST write and its change-log record are one transaction: when the record fails, the row is not written', async () => {
    const { user } = await devices('atomic');
    const { services } = suite.server.app;
    const ctx = { state: {} } as Context;
    const em = (context: Context) => (context.state.em ??= services.database.fork());
    const through = writeThrough(em, services.secretBox, services.syncNudges, services.logger);
    const id = crypto.randomUUID();
    const attempt = through.run(ctx, user.id, () => savedRequests(em(ctx)).create({ id, userId: user.id, name: 'Half', request: requestSpec.parse(request), deletedAt: null }), (row) => ({ op: 'create', entity: 'savedRequest', id: row.id, fields: { name: '' } }));
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await suite.api.call('GET', `/api/v1/requests/${id}`, { token: user.accessToken })).status).toBe(404);
  });

  it('each user syncs only their own records: another user pulls nothing and cannot write them', async () => {
    const { a } = await devices('owner');
    const id = crypto.randomUUID();
    a.write({ op: 'create', entity: 'savedRequest', id, fields: saved('Mine') });
    await a.sync();
    const other = await devices('intruder');
    await other.a.pull();
    expect(other.a.visible().size).toBe(0);
    other.a.write({ op: 'update', entity: 'savedRequest', id, fields: { name: 'Stolen' } });
    other.a.write({ op: 'delete', entity: 'savedRequest', id });
    expect((await other.a.push())?.results.map((result) => result.status)).toEqual(['gone', 'gone']);
    await a.pull();
    expect(a.visible().get(`savedRequest/${id}`)).toMatchObject({ name: 'Mine' });
  });

  it('bad input gets the envelope; invalid fields are rejected per mutation with a reason, the rest applies', async () => {
    const { a } = await devices('bad');
    const malformed = await a.call('POST', '/api/v1/sync/push', { v: 1, clientId: 'x', mutations: [{ mid: 0 }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ success: false, error: { code: 'VALIDATION_FAILED' } });
    for (const cursor of ['-1', '%20', '1e3', '0x10', '1.5']) expect((await a.call('GET', `/api/v1/sync/pull?clientId=${a.state.clientId}&cursor=${cursor}`)).status).toBe(400);
    a.write({ op: 'create', entity: 'savedRequest', id: 'bad', fields: { ...saved(''), request: { nope: true } } });
    a.write({ op: 'create', entity: 'savedRequest', id: 'good', fields: saved('Good') });
    const answer = await a.push();
    expect(answer?.results[0]).toMatchObject({ status: 'rejected', message: expect.stringContaining('name') });
    expect(answer?.results[1]).toMatchObject({ status: 'applied' });
    await a.pull();
    expect([...a.visible().keys()]).toEqual(['savedRequest/good']);
    expect(a.state.outbox).toEqual([]);
  });

  it("a push nudges the user's sockets over /ws to pull, naming the device that pushed", async () => {
    const { user, a } = await devices('nudge');
    const socket = new WebSocket(`${suite.server.url.replace('http', 'ws')}/ws`);
    const messages: ServerMessage[] = [];
    socket.on('message', (raw) => messages.push(serverMessageSchema.parse(JSON.parse(raw.toString()))));
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'hello', token: user.accessToken }));
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      return check();
    };
    expect(await until(() => messages.some((m) => m.type === 'ready'))).toBe(true);
    const started = performance.now();
    a.write({ op: 'create', entity: 'savedRequest', id: 'n1', fields: saved('Nudge') });
    const pushed = (await a.push()) as unknown as { cursor: number };
    expect(await until(() => messages.some((m) => m.type === 'sync'))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(messages.find((m) => m.type === 'sync')).toEqual({ type: 'sync', cursor: pushed.cursor, from: a.state.clientId });
    socket.close();
  });

  it('a device offline for longer than tombstone retention starts over: purged records leave it, the rest stays', async () => {
    const { user, a, b } = await devices('retention');
    a.write({ op: 'create', entity: 'savedRequest', id: 'kept', fields: saved('Kept') });
    a.write({ op: 'create', entity: 'savedRequest', id: 'purged', fields: saved('Purged') });
    await a.sync();
    await b.pull();
    a.write({ op: 'delete', entity: 'savedRequest', id: 'purged' });
    await a.sync();
    const em = suite.server.app.services.database.fork();
    expect(await new SyncRepository(em, user.id, suite.server.app.services.secretBox).purgeTombstones(new Date(Date.now() + 60_000))).toBe(1);
    b.write({ op: 'update', entity: 'savedRequest', id: 'purged', fields: { name: 'edited while away' } });
    expect((await b.push())?.results.map((result) => result.status)).toEqual(['gone']);
    await b.pull();
    expect(b.resets).toBe(1);
    expect([...b.visible().keys()]).toEqual(['savedRequest/kept']);
    expect(b.state.base['savedRequest/purged']).toBeUndefined();
  });
});
