// `ai-http keys rotate` in another process: a running server picks the new data key up without a
// restart. And a key it truly cannot open (ENCRYPTION_KEY changed under it) is the instance's
// ERROR, advising a restart, from the test route and from the poller, instead of a 500 from the
// first and a CONNECTED that never changes from the second.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { n8nUnderTest } from '../../tests/support/n8n.ts';
import { SecretBox } from '../src/infra/secret-box.ts';
import { createExecutionPoller } from '../src/modules/executions/poller.ts';
import { InstanceRepository } from '../src/modules/instances/repository.ts';
import { signUp, suiteServer } from './helpers.ts';

describe('an n8n API key encrypted with a key this process does not have', () => {
  const suite = suiteServer();

  it('is opened with the data key another process rotated to, without a restart, and new keys use it too', async () => {
    const n8n = n8nUnderTest();
    const { api, server } = suite;
    const user = await signUp(api, 'rotated-online');
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'online', url: n8n.url, apiKey: n8n.apiKey } });
    const id = created.body.data.id;
    expect((await api.call<{ data: { status: string } }>('POST', `/api/v1/instances/${id}/test`, { token: user.accessToken })).body.data.status).toBe('CONNECTED');

    // What `ai-http keys rotate` does from another process: its own SecretBox over the same
    // database and master key stores a new data key and re-encrypts every row under it.
    const instances = new InstanceRepository(server.app.services.database.fork());
    const other = new SecretBox(server.app.services.config.secrets.encryptionKey, [], () => instances.dataKeys());
    await other.refresh();
    const { key, row: dataKey } = other.newDataKey();
    const next = new SecretBox(key);
    // On Postgres, other test files' servers keep their rows in this database under master keys of
    // their own: those are left as they are (a real deployment has one master key).
    const mine = new Set([server.app.services.secretBox.currentKeyId]);
    await instances.resealAll(async (sealed) => (mine.has(sealed.keyId) ? next.encrypt(await other.decrypt(sealed.ciphertext, sealed.keyId)) : sealed), { dataKey });
    const stored = async (instanceId: string) => ((await server.app.services.database.orm.em.fork().getConnection().execute('select "api_key_key_id" as "keyId" from "instances" where "id" = ?', [instanceId])) as { keyId: string }[])[0]!.keyId;
    expect(await stored(id)).toBe(dataKey.id);
    expect(server.app.services.secretBox.currentKeyId).not.toBe(dataKey.id);

    // The running server has never seen that key: its first use finds it in the database.
    const tested = await api.call<{ data: { status: string; lastError: string | null } }>('POST', `/api/v1/instances/${id}/test`, { token: user.accessToken });
    expect(tested.body.data).toMatchObject({ status: 'CONNECTED', lastError: null });
    expect(server.app.services.secretBox.currentKeyId).toBe(dataKey.id);
    const added = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'after', url: n8n.url, apiKey: n8n.apiKey } });
    expect(await stored(added.body.data.id)).toBe(dataKey.id);
  });

  it('turns the instance to ERROR with advice to restart, from /test and from the poller', async () => {
    const n8n = n8nUnderTest();
    const { api, server } = suite;
    const user = await signUp(api, 'rotated');
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'rotated', url: n8n.url, apiKey: n8n.apiKey } });
    const id = created.body.data.id;
    expect((await api.call<{ data: { status: string } }>('POST', `/api/v1/instances/${id}/test`, { token: user.accessToken })).body.data.status).toBe('CONNECTED');
    const poller = createExecutionPoller(server.app.services, 'rotation-test');
    await poller.pollOnce(id, 1);

    // What `ai-http keys rotate` does to the row, with a key this server never saw.
    const { ciphertext, keyId } = new SecretBox(randomBytes(32)).encrypt(n8n.apiKey);
    const connection = server.app.services.database.orm.em.fork().getConnection();
    await connection.execute('update "instances" set "api_key_ciphertext" = ?, "api_key_key_id" = ? where "id" = ?', [ciphertext, keyId, id]);

    const tested = await api.call<{ data: { status: string; lastError: string } }>('POST', `/api/v1/instances/${id}/test`, { token: user.accessToken });
    expect(tested.status).toBe(200);
    expect(tested.body.data.status).toBe('ERROR');
    expect(tested.body.data.lastError).toMatch(/restart/);

    // The test route left ERROR; the poller must write its own verdict, so go back to CONNECTED first.
    await connection.execute('update "instances" set "status" = \'CONNECTED\', "last_error" = null where "id" = ?', [id]);
    await expect(poller.pollOnce(id, 2)).rejects.toThrow(/restart/);
    const polled = await api.call<{ data: { status: string; lastError: string } }>('GET', `/api/v1/instances/${id}`, { token: user.accessToken });
    expect(polled.body.data.status).toBe('ERROR');
    expect(polled.body.data.lastError).toMatch(/restart/);
  });
});
