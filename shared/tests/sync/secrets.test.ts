// Where the secrets sit in a synced record (shared/src/sync/secrets.ts): exactly those strings are
// given to the transform, everything else is left as it is.
import { describe, expect, it } from 'vitest';
import { mapSecretFields } from '../../src/sync/secrets.ts';

const mark = async (value: string) => `<${value}>`;

describe('secrets in synced fields', () => {
  it('transforms auth values, credential headers and query rows, secret form fields, a proxy, URL credentials and secret typed values, nothing else', async () => {
    const fields = {
      kind: 'request',
      name: 'token refresh',
      tags: ['secret'],
      request: {
        v: 1,
        method: 'POST',
        url: 'https://ann:pw@api.example.test/v1/token?x=1',
        headers: [
          { name: 'Authorization', value: 'Bearer a' },
          { name: 'X-Api-Key', value: 'b' },
          { name: 'Accept', value: 'application/json' },
        ],
        query: [
          { name: 'api_key', value: 'c' },
          { name: 'page', value: '2' },
        ],
        body: { mode: 'form', fields: [{ name: 'client_secret', value: 'd' }, { name: 'grant_type', value: 'client_credentials' }] },
        auth: { type: 'basic', username: 'ann', password: 'e' },
        options: { proxy: 'http://u:p@proxy:8080', timeoutMs: 5 },
      },
      values: { apiToken: 'f', orderId: '42' },
    };
    const out = (await mapSecretFields('savedRequest', fields, mark)) as typeof fields;
    expect(out.request.url).toBe('https://<ann:pw>@api.example.test/v1/token?x=1');
    expect(out.request.headers.map((row) => row.value)).toEqual(['<Bearer a>', '<b>', 'application/json']);
    expect(out.request.query.map((row) => row.value)).toEqual(['<c>', '2']);
    expect(out.request.body.fields.map((row) => row.value)).toEqual(['<d>', 'client_credentials']);
    expect(out.request.auth).toEqual({ type: 'basic', username: 'ann', password: '<e>' });
    expect(out.request.options).toEqual({ proxy: '<http://u:p@proxy:8080>', timeoutMs: 5 });
    expect(out.values).toEqual({ apiToken: '<f>', orderId: '42' });
    expect({ ...out, request: fields.request, values: fields.values }).toEqual(fields);
    // The input is not changed.
    expect(fields.request.auth.password).toBe('e');
  });

  it('leaves other entities and secret-free records alone', async () => {
    const instance = { name: 'n8n', url: 'https://u:p@n8n.example.test' };
    expect(await mapSecretFields('instance', instance, mark)).toBe(instance);
    const plain = { kind: 'request', request: { v: 1, method: 'GET', url: 'https://api.example.test', headers: [], query: [], auth: { type: 'none' } }, values: {} };
    expect(await mapSecretFields('savedRequest', plain, mark)).toEqual(plain);
  });
});
