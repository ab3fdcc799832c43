import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInstanceRetention } from '../src/modules/executions/scheduled.ts';
import { purgeSyncTombstones } from '../src/modules/sync/repository.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';
import { SyncDevice } from './sync-device.ts';

describe('execution retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ POLLER_ENABLED: 'true', EXECUTION_RETENTION_DAYS: '7', EXECUTION_RETENTION_COUNT: '3' });
  });
  afterAll(() => server?.close());

  it('keeps the newest N executions per workflow and nothing older than the age limit', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'retention');
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'r', url: 'http://127.0.0.1:9', apiKey: 'n8n_api_retention_123' } });
    const em = server.app.services.database.orm.em.fork();
    const insert = (id: string, workflow: string, daysAgo: number) =>
      em.getConnection().execute(`insert into "executions" ("user_id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", "started_at") values (?, ?, ?, ?, 'error', 'webhook', now() - make_interval(days => ?))`, [user.id, instance.body.data.id, id, workflow, daysAgo]);
    for (let i = 1; i <= 5; i++) await insert(`a${i}`, 'wf-a', 6 - i); // a5 newest … a1 oldest (5 days)
    await insert('b1', 'wf-b', 1);
    await insert('b0', 'wf-b', 30); // older than 7 days
    await applyInstanceRetention(server.app.services, instance.body.data.id);
    const rows = (await em.getConnection().execute('select "n8n_execution_id" from "executions" where "instance_id" = ? order by 1', [instance.body.data.id])) as { n8n_execution_id: string }[];
    expect(rows.map((r) => r.n8n_execution_id)).toEqual(['a3', 'a4', 'a5', 'b1']);
  });
});

describe('sync tombstone retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ POLLER_ENABLED: 'true', SYNC_TOMBSTONE_RETENTION_DAYS: '30', RATE_LIMIT_PER_MINUTE: '1000000' });
  });
  afterAll(() => server?.close());

  it('the periodic purge forgets tombstones older than the retention (not newer ones, not live records); a device offline since then starts over and converges', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'tombstones');
    const a = new SyncDevice(server.url, user.accessToken, 'a');
    const b = new SyncDevice(server.url, user.accessToken, 'b');
    for (const id of ['kept', 'old-delete', 'new-delete']) a.write({ op: 'create', entity: 'savedRequest', id, fields: { kind: 'request', name: id, tags: [], request: { v: 1, method: 'GET', url: 'https://api.example.test' }, values: {} } });
    await a.sync();
    await b.pull(); // b goes offline here, holding all three
    a.write({ op: 'delete', entity: 'savedRequest', id: 'old-delete' });
    a.write({ op: 'delete', entity: 'savedRequest', id: 'new-delete' });
    await a.sync();
    const em = server.app.services.database.orm.em.fork();
    const sql = em.getConnection();
    await sql.execute(`update "sync_records" set "updated_at" = now() - interval '31 days' where "user_id" = ? and "record_id" = 'old-delete'`, [user.id]);
    await sql.execute(`update "sync_records" set "updated_at" = now() - interval '29 days' where "user_id" = ? and "record_id" = 'new-delete'`, [user.id]);

    // What the scheduled job "sync-tombstone-compaction" runs (schedule.ts).
    const { services } = server.app;
    expect(await purgeSyncTombstones(services.database.fork(), services.secretBox, services.config.poller.tombstoneRetentionDays)).toBeGreaterThanOrEqual(1);
    const left = (await sql.execute('select "record_id" from "sync_records" where "user_id" = ? order by 1', [user.id])) as { record_id: string }[];
    expect(left.map((row) => row.record_id)).toEqual(['kept', 'new-delete']);

    // b, offline across the purge, edits a record in the meantime, then comes back: a full pull.
    b.write({ op: 'update', entity: 'savedRequest', id: 'kept', fields: { name: 'kept (b)' } });
    await b.sync();
    expect(b.resets).toBe(1);
    await a.sync();
    expect([...b.visible().keys()]).toEqual(['savedRequest/kept']);
    expect(b.visible()).toEqual(a.visible());
    expect(a.visible().get('savedRequest/kept')).toMatchObject({ name: 'kept (b)' });
  });
});
