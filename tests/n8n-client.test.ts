// The shared n8n client and the execution digest against the real n8n, plus the failures a user
// meets: a dead address, a wrong key, something that is not n8n, and a flaky n8n (429, 503).
import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../shared/src/errors.ts';
import { createN8nClient } from '../shared/src/n8n/client.ts';
import { summarizeExecution } from '../shared/src/n8n/digest.ts';
import { closedPort, createWebhookWorkflow, n8nUnderTest, waitForExecution } from './support/n8n.ts';

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('did not fail');
};

describe('n8n client', () => {
  const n8n = n8nUnderTest();
  const servers: Server[] = [];
  const serve = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it('lists workflows and pages through executions of the real n8n, and digests a failed one', async () => {
    const client = createN8nClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
    const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    await workflow.trigger();
    const first = await waitForExecution(n8n, workflow.id);
    await workflow.trigger();
    await waitForExecution(n8n, workflow.id, { afterId: Number(first.id) });
    const page = await client.listWorkflows({ limit: 1 });
    expect(page.data).toHaveLength(1);
    const seen: string[] = [];
    for await (const execution of client.executions({ workflowId: workflow.id, limit: 1 })) seen.push(execution.id);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(Number(seen[0])).toBeGreaterThan(Number(seen[1]));
    const full = await client.getExecution(seen[0]!);
    const digest = summarizeExecution(full);
    expect(digest).toMatchObject({ status: 'error', failingNode: { name: 'Call API', type: 'n8n-nodes-base.httpRequest' }, error: { category: 'connection' } });
    expect((await client.getWorkflow(workflow.id)).name).toBe(workflow.name);
  });

  it("reads executions with the browser's session cookie and no API key (n8n 2.x accepts it)", async () => {
    const login = await fetch(`${n8n.url}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: n8n.email, password: n8n.password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toMatch(/n8n-auth=/);
    const page = await createN8nClient({ baseUrl: n8n.url, cookie }).listExecutions({ limit: 1 });
    expect(Array.isArray(page.data)).toBe(true);
    expect((await failure(createN8nClient({ baseUrl: n8n.url, cookie: 'n8n-auth=forged', retries: 0 }).listExecutions())).code).toBe('N8N_UNAUTHORIZED');
  });

  it('tells a dead address, a wrong key and a server that is not n8n apart', async () => {
    expect((await failure(createN8nClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, retries: 0 }).listWorkflows())).code).toBe('N8N_UNREACHABLE');
    expect((await failure(createN8nClient({ baseUrl: n8n.url, apiKey: 'not-a-key', retries: 0 }).listWorkflows())).code).toBe('N8N_UNAUTHORIZED');
    const html = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    expect((await failure(createN8nClient({ baseUrl: html, retries: 0 }).listWorkflows())).code).toBe('NOT_N8N');
    const missing = await serve((_req, res) => res.writeHead(404).end('Cannot GET'));
    expect((await failure(createN8nClient({ baseUrl: missing, retries: 0 }).listWorkflows())).code).toBe('NOT_N8N');
  });

  it('says the version is unsupported when n8n answers in a shape it does not know', async () => {
    const odd = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ workflows: [{ title: 'x' }] })));
    const error = await failure(createN8nClient({ baseUrl: odd, apiKey: 'k', retries: 0 }).listWorkflows());
    expect(error.code).toBe('N8N_VERSION_UNSUPPORTED');
    expect(error.message).toMatch(/shape this version of AI-HTTP does not know/);
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    let calls = 0;
    const flaky = await serve((_req, res) => {
      calls++;
      if (calls === 1) return res.writeHead(429, { 'retry-after': '0' }).end('{}');
      if (calls === 2) return res.writeHead(503).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: '1', name: 'W', active: true, nodes: [], connections: {} }], nextCursor: null }));
    });
    const page = await createN8nClient({ baseUrl: flaky, apiKey: 'k', retries: 3 }).listWorkflows();
    expect(page.data[0]!.name).toBe('W');
    expect(calls).toBe(3);
  });

  it('times out a hung n8n with N8N_UNREACHABLE', async () => {
    const hung = await serve(() => undefined);
    const error = await failure(createN8nClient({ baseUrl: hung, retries: 0, timeoutMs: 300 }).listWorkflows());
    expect(error.code).toBe('N8N_UNREACHABLE');
    expect(error.message).toMatch(/did not answer in time/);
  });
});
