// The poller's workflow sync copies into the server's database only what the product reads: each
// node's name, type and position, and for an HTTP Request node its method, URL and header and
// query rows, with secret-looking values redacted. A workflow in the real n8n carries tokens in a
// header, a query parameter (a row and the URL), a body field and a Code node; none reaches the row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { n8nApi, n8nUnderTest } from '../../tests/support/n8n.ts';
import { createExecutionPoller } from '../src/modules/executions/poller.ts';
import { syncInstanceWorkflows } from '../src/modules/executions/scheduled.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';

const TOKENS = {
  header: `sk_header_${randomUUID()}`,
  query: `sk_query_${randomUUID()}`,
  url: `sk_url_${randomUUID()}`,
  userinfo: `sk_userinfo_${randomUUID()}`,
  body: `sk_body_${randomUUID()}`,
  bodyPlain: `sk_body_plain_${randomUUID()}`,
  code: `sk_code_${randomUUID()}`,
  apiKeyHeader: `sk_apikey_${randomUUID()}`,
};

describe('workflow sync', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('stores names, types, positions and the request outline, and no token from a header, a query, a body or code', async () => {
    const n8n = n8nUnderTest();
    const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', {
      method: 'POST',
      body: {
        name: `AI-HTTP secrets ${randomUUID().slice(0, 8)}`,
        settings: { executionOrder: 'v1' },
        connections: { Start: { main: [[{ node: 'Call API', type: 'main', index: 0 }]] }, 'Call API': { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
        nodes: [
          { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          {
            name: 'Call API',
            type: 'n8n-nodes-base.httpRequest',
            typeVersion: 4.2,
            position: [220, 40],
            parameters: {
              method: 'POST',
              url: `https://admin:${TOKENS.userinfo}@api.example.com/orders?api_key=${TOKENS.url}&page=2`,
              sendQuery: true,
              specifyQuery: 'keypair',
              queryParameters: { parameters: [{ name: 'access_token', value: TOKENS.query }, { name: 'sort', value: 'newest' }] },
              sendHeaders: true,
              specifyHeaders: 'keypair',
              headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKENS.header}` }, { name: 'X-Api-Key', value: TOKENS.apiKeyHeader }, { name: 'Accept', value: 'application/json' }] },
              sendBody: true,
              contentType: 'json',
              specifyBody: 'keypair',
              bodyParameters: { parameters: [{ name: 'password', value: TOKENS.body }, { name: 'note', value: TOKENS.bodyPlain }] },
              options: {},
            },
          },
          { name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 40], parameters: { jsCode: `const token = '${TOKENS.code}';\nreturn $input.all();` } },
        ],
      },
    });
    const api = apiClient(server.url);
    const user = await signUp(api, 'workflow-sync');
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'sync', url: n8n.url, apiKey: n8n.apiKey } });
    expect(instance.status).toBe(201);
    // One poll by a poller of this test's own (the server's is off): it syncs every workflow.
    await createExecutionPoller(server.app.services, 'workflow-sync-test').pollOnce(instance.body.data.id, 1);

    const rows = (await server.app.services.database.orm.em
      .fork()
      .getConnection()
      .execute('select "name", "nodes", "connections" from "workflows" where "instance_id" = ? and "n8n_workflow_id" = ?', [instance.body.data.id, workflow.id])) as { nodes: unknown; connections: unknown }[];
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    for (const [where, token] of Object.entries(TOKENS)) expect(stored.includes(token), `the ${where} token is in the row: ${stored.slice(0, 400)}`).toBe(false);
    const nodes = typeof rows[0]!.nodes === 'string' ? JSON.parse(rows[0]!.nodes) : rows[0]!.nodes;
    expect(nodes).toEqual([
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
      {
        name: 'Call API',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [220, 40],
        request: {
          method: 'POST',
          url: 'https://[redacted]@api.example.com/orders?api_key=[redacted]&page=2',
          headers: [{ name: 'Authorization', value: '[redacted]' }, { name: 'X-Api-Key', value: '[redacted]' }, { name: 'Accept', value: 'application/json' }],
          query: [{ name: 'access_token', value: '[redacted]' }, { name: 'sort', value: 'newest' }],
        },
      },
      { name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 40] },
    ]);

    // The scheduled job "workflow-sync" stores a rename made in n8n since.
    const renamed = `AI-HTTP renamed ${randomUUID().slice(0, 8)}`;
    const current = await n8nApi<{ nodes: unknown; connections: unknown; settings: unknown }>(n8n, `/workflows/${workflow.id}`);
    await n8nApi(n8n, `/workflows/${workflow.id}`, { method: 'PUT', body: { name: renamed, nodes: current.nodes, connections: current.connections, settings: { executionOrder: 'v1' } } });
    await syncInstanceWorkflows(server.app.services, instance.body.data.id);
    const [after] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "name" from "workflows" where "instance_id" = ? and "n8n_workflow_id" = ?', [instance.body.data.id, workflow.id])) as { name: string }[];
    expect(after?.name).toBe(renamed);
    await n8nApi(n8n, `/workflows/${workflow.id}`, { method: 'DELETE' });
  });
});
