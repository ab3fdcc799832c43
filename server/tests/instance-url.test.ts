// What an n8n instance's address may be. Credentials in it (`https://admin:pass@n8n…`) are refused
// with VALIDATION_FAILED pointing to the API key field, on create and on PATCH, and the password
// shows up in no answer, no log line and no row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, capturedLogger, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

const SECRET = 'Hunter2-Instance-Pass';
const WITH_USERINFO = [`https://admin:${SECRET}@n8n.example.com`, `http://admin:${SECRET}@127.0.0.1:5678/`, `https://${SECRET}@n8n.example.com/base`, `https://:${SECRET}@n8n.example.com`, `https:admin:${SECRET}@n8n.example.com`, `HTTPS://admin:${encodeURIComponent(`${SECRET}@x`)}@n8n.example.com`];

describe('instance addresses', () => {
  let server: TestServer;
  let api: ApiClient;
  const { logger, lines: logLines } = capturedLogger();
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' }, { logger });
    api = apiClient(server.url);
  });
  afterAll(() => server?.close());

  it('refuses a user name or password in the address, says to use the API key, and never echoes, logs or stores it', async () => {
    const { accessToken: token } = await signUp(api, 'userinfo');
    const answers: string[] = [];
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token, body: { name: 'Prod', url: 'https://n8n.example.com', apiKey: 'n8n_api_userinfo_0123' } });
    expect(created.status).toBe(201);
    for (const url of WITH_USERINFO) {
      for (const [method, path, body] of [
        ['POST', '/api/v1/instances', { name: 'Prod', url, apiKey: 'n8n_api_userinfo_0123' }],
        ['PATCH', `/api/v1/instances/${created.body.data.id}`, { url }],
      ] as const) {
        const res = await api.call<{ error: { code: string; message: string; details: { issues: { path: string; message: string }[] } } }>(method, path, { token, body });
        answers.push(JSON.stringify(res.body));
        expect([res.status, res.body.error?.code], `${method} ${url}`).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.error.details.issues).toContainEqual({ path: 'url', message: expect.stringMatching(/API key/) });
      }
    }
    const listed = await api.call('GET', '/api/v1/instances', { token });
    answers.push(JSON.stringify(listed.body));
    const rows = await server.app.services.database.orm.em.fork().getConnection().execute('select "url", "last_error" from "instances"');
    for (const text of [...answers, ...logLines, JSON.stringify(rows)]) expect(text).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(10);
  });
});
