import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInstanceRetention } from '../src/modules/executions/scheduled.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';

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
