// Secrets and sync (issue 17), against the real store of this project (Postgres, or embedded
// PGlite): the auth values inside saved requests are stored sealed in sync_records and come back
// in the clear to devices; an n8n API key is accepted only over TLS or from loopback.
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, signUp, startTestServer, suiteServer } from './helpers.ts';
import { SyncDevice } from './sync-device.ts';

const SECRETS = ['tok-SECRET-bearer-4821', 'Bearer hdr-SECRET-7731', 'key-SECRET-query-9915', 'val-SECRET-typed-5150', 'pw-SECRET-form-2208', 'pw-SECRET-url-6604'];

const withSecrets = {
  kind: 'request',
  name: 'Orders with auth',
  tags: ['shop'],
  request: {
    v: 1,
    method: 'POST',
    url: 'https://user:pw-SECRET-url-6604@api.example.test/orders',
    headers: [
      { name: 'Authorization', value: 'Bearer hdr-SECRET-7731' },
      { name: 'Accept', value: 'application/json' },
    ],
    query: [
      { name: 'api_key', value: 'key-SECRET-query-9915' },
      { name: 'page', value: '2' },
    ],
    body: { mode: 'form', fields: [{ name: 'password', value: 'pw-SECRET-form-2208' }] },
    auth: { type: 'bearer', token: 'tok-SECRET-bearer-4821' },
  },
  values: { apiToken: 'val-SECRET-typed-5150', orderId: '42' },
};

describe('secrets in synced records', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const rawRows = async (userId: string) => {
    const em = suite.server.app.services.database.fork();
    return (await em.getConnection().execute('select "record_id", "fields"::text as "fields" from "sync_records" where "user_id" = ?', [userId])) as { record_id: string; fields: string }[];
  };

  it('a pushed saved request is stored with its auth, credential headers, query keys and secret values sealed; devices pull them in the clear', async () => {
    const user = await signUp(suite.api, 'sealed');
    const a = new SyncDevice(suite.server.url, user.accessToken, 'a');
    const b = new SyncDevice(suite.server.url, user.accessToken, 'b');
    const id = crypto.randomUUID();
    a.write({ op: 'create', entity: 'savedRequest', id, fields: withSecrets });
    await a.sync();

    const [row] = await rawRows(user.id);
    expect(row?.record_id).toBe(id);
    for (const secret of SECRETS) expect(row!.fields).not.toContain(secret.replace('Bearer ', ''));
    // Sealed in place: 6 secrets, the rest as it was (readable to the server's lists and search).
    expect(row!.fields.match(/sealed:v1:/g)).toHaveLength(SECRETS.length);
    expect(row!.fields).toContain('api.example.test');
    expect(row!.fields).toContain('"orderId": "42"');
    expect(row!.fields).toContain('application/json');

    await b.pull();
    expect(b.visible().get(`savedRequest/${id}`)).toEqual(expect.objectContaining({ request: expect.objectContaining(withSecrets.request), values: withSecrets.values }));

    // An edit of one secret field reseals it; the other device reads the new value.
    a.write({ op: 'update', entity: 'savedRequest', id, fields: { request: { ...withSecrets.request, auth: { type: 'basic', username: 'ann', password: 'pw-SECRET-edited-3377' } } } });
    await a.sync();
    expect((await rawRows(user.id))[0]!.fields).not.toContain('pw-SECRET-edited-3377');
    await b.pull();
    expect(b.visible().get(`savedRequest/${id}`)).toMatchObject({ request: { auth: { type: 'basic', username: 'ann', password: 'pw-SECRET-edited-3377' } } });
  });

  it('a saved request written through the REST API is sealed in the change log too', async () => {
    const user = await signUp(suite.api, 'sealed-rest');
    const created = await suite.api.call<{ data: { id: string } }>('POST', '/api/v1/requests', { token: user.accessToken, body: { name: 'REST auth', request: { v: 1, method: 'GET', url: 'https://api.example.test', auth: { type: 'apiKeyHeader', name: 'X-Api-Key', value: 'rest-SECRET-1290' } } } });
    expect(created.status).toBe(201);
    const [row] = await rawRows(user.id);
    expect(row!.fields).not.toContain('rest-SECRET-1290');
    expect(row!.fields).toContain('X-Api-Key');
    const device = new SyncDevice(suite.server.url, user.accessToken, 'c');
    await device.pull();
    expect(device.visible().get(`savedRequest/${created.body.data.id}`)).toMatchObject({ request: { auth: { value: 'rest-SECRET-1290' } } });
  });
});

describe('an n8n API key travels only over TLS or loopback', () => {
  const direct = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const outside: { server?: Server; url?: string } = {};
  afterAll(() => new Promise<void>((resolve) => (outside.server ? outside.server.close(() => resolve()) : resolve())));
  /** The same app on this machine's network address: a client that reaches it is not on loopback. */
  const fromOutside = async () => {
    if (outside.url) return apiClient(outside.url);
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
    if (!address) throw new Error('this test needs a non-loopback IPv4 address on the machine');
    outside.server = createServer(direct.server.app.koa.callback());
    await new Promise<void>((resolve) => outside.server!.listen(0, address, resolve));
    outside.url = `http://${address}:${(outside.server.address() as { port: number }).port}`;
    return apiClient(outside.url);
  };
  const instance = { name: 'n8n', url: 'http://127.0.0.1:5678', apiKey: 'n8n_api_plain_http_0123456789' };

  it('over plain HTTP from another machine, a key is refused (create and update) with INSECURE_TRANSPORT; the rest of an instance may change', async () => {
    const user = await signUp(direct.api, 'plain-http');
    const far = await fromOutside();
    const refused = await far.call<{ error: { code: string; message: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: instance });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('INSECURE_TRANSPORT');
    expect(refused.body.error.message).toMatch(/https/);
    expect((await direct.api.call<{ data: { items: unknown[] } }>('GET', '/api/v1/instances', { token: user.accessToken })).body.data.items).toEqual([]);

    // Over loopback it is accepted; a rename from afar is fine, a new key from afar is not.
    const created = await direct.api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: instance });
    expect(created.status).toBe(201);
    const path = `/api/v1/instances/${created.body.data.id}`;
    expect((await far.call('PATCH', path, { token: user.accessToken, body: { name: 'renamed' } })).status).toBe(200);
    const rekey = await far.call<{ error: { code: string } }>('PATCH', path, { token: user.accessToken, body: { apiKey: 'n8n_api_new_plain_98765' } });
    expect(rekey.status).toBe(403);
    expect(rekey.body.error.code).toBe('INSECURE_TRANSPORT');
    expect((await direct.api.call<{ data: { apiKey: string } }>('GET', path, { token: user.accessToken })).body.data.apiKey).toBe('••••6789');
  });

  it('without TRUST_PROXY, a forged X-Forwarded-Proto: https changes nothing', async () => {
    const user = await signUp(direct.api, 'forged-proto');
    const far = await fromOutside();
    const forged = await far.call<{ error: { code: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: instance, headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.status).toBe(403);
  });

  it('with TRUST_PROXY, the proxy decides: X-Forwarded-Proto https is accepted, http from a remote client refused, http from the proxy machine accepted', async () => {
    const proxied = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', TRUST_PROXY: 'true' });
    try {
      const api = apiClient(proxied.url);
      const user = await signUp(api, 'proxied');
      const post = (headers: Record<string, string>) => api.call<{ error?: { code: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: instance, headers });
      expect((await post({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' })).status).toBe(201);
      const plain = await post({ 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.7' });
      expect(plain.status).toBe(403);
      expect(plain.body.error?.code).toBe('INSECURE_TRANSPORT');
      expect((await post({ 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.7, 127.0.0.1' })).status).toBe(201);
    } finally {
      await proxied.close();
    }
  });
});
