// After `ai-http keys rotate` ran in another process, this server cannot decrypt the instance's
// n8n API key. The instance must say so (ERROR, advising a restart), from the test route and from
// the poller, instead of a 500 from the first and a CONNECTED that never changes from the second.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { n8nUnderTest } from '../../tests/support/n8n.ts';
import { SecretBox } from '../src/infra/secret-box.ts';
import { createExecutionPoller } from '../src/modules/executions/poller.ts';
import { signUp, suiteServer } from './helpers.ts';

describe('an n8n API key encrypted with a key this process does not have', () => {
  const suite = suiteServer();

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
