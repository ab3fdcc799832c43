// From a real n8n to a WebSocket client: the poller sees a failed production execution, digests
// it and streams it; and across three server processes, a client loses nothing when its process dies.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ServerMessage } from '@ai-http/shared/realtime/protocol';
import { closedPort, createWebhookWorkflow, n8nUnderTest, type WebhookWorkflow } from '../../tests/support/n8n.ts';
import { startServerProcess } from '../../tests/support/server-process.ts';
import { apiClient, signUp, startTestServer, storeEnv, type ApiClient } from './helpers.ts';
import { StreamClient } from './stream-client.ts';

async function waitForConnected(api: ApiClient, token: string, instanceId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await api.call<{ data: { status: string; lastSync: string | null; lastError: string | null } }>('GET', `/api/v1/instances/${instanceId}`, { token });
    if (body.data.status === 'CONNECTED' && body.data.lastSync) return;
    if (Date.now() > deadline) throw new Error(`instance never polled: ${JSON.stringify(body.data)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('execution stream from a real n8n', () => {
  const n8n = n8nUnderTest();

  /** A user with the n8n added, a webhook workflow calling `targetUrl`, and `client` subscribed to it once polled. */
  async function watchNewWorkflow(serverUrl: string, client: StreamClient, targetUrl: string) {
    const api = apiClient(serverUrl);
    const user = await signUp(api, 'stream');
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'n8n', url: n8n.url, apiKey: n8n.apiKey } });
    const workflow = await createWebhookWorkflow(n8n, targetUrl);
    await client.connect(serverUrl, user.accessToken, [`workflow:${instance.body.data.id}:${workflow.id}`]);
    await waitForConnected(api, user.accessToken, instance.body.data.id);
    return { instanceId: instance.body.data.id, workflow };
  }

  it('delivers execution.failed within 3 s of the webhook call, with the failing node and the connection category', async () => {
    const server = await startTestServer({ POLLER_ENABLED: 'true' });
    const client = new StreamClient();
    try {
      const { instanceId, workflow } = await watchNewWorkflow(server.url, client, `http://127.0.0.1:${await closedPort()}/orders`);

      const calledAt = Date.now();
      expect((await workflow.trigger()).status).toBe(200);
      await client.until(() => client.events.some((e) => e.event.type === 'execution.failed'), 'execution.failed', 10_000);
      const failed = client.events.find((e) => e.event.type === 'execution.failed')!;
      expect(failed.receivedAt - calledAt).toBeLessThanOrEqual(3_000);
      expect(failed.event).toMatchObject({ instanceId, workflowId: workflow.id });
      expect(failed.event.digest).toMatchObject({ status: 'error', failingNode: { name: 'Call API' }, error: { category: 'connection' } });
      // Stored as a summary too.
      const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "status", "digest" from "executions" where "n8n_execution_id" = ? and "instance_id" = ?', [failed.event.executionId, instanceId])) as { status: string; digest: { failingNode: { name: string } } }[];
      expect(row).toMatchObject({ status: 'error', digest: { failingNode: { name: 'Call API' } } });
      const [wf] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "name", "active" from "workflows" where "n8n_workflow_id" = ? and "instance_id" = ?', [workflow.id, instanceId])) as { name: string; active: boolean }[];
      // Workflow rows refresh every 30 s; the first sync may have run before n8n finished activating it.
      expect(wf).toEqual({ name: workflow.name, active: expect.any(Boolean) });
    } finally {
      client.socket?.terminate();
      await server.close();
    }
  });

  it('announces an execution that finishes after a later one (n8n lists no running executions)', async () => {
    // The API the workflow calls answers 500 after ?ms= milliseconds.
    const slowApi = createServer((req, res) => setTimeout(() => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"failed late"}'), Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'))));
    await new Promise<void>((resolve) => slowApi.listen(0, '127.0.0.1', resolve));
    const server = await startTestServer({ POLLER_ENABLED: 'true' });
    const client = new StreamClient();
    try {
      const { workflow } = await watchNewWorkflow(server.url, client, `={{ 'http://127.0.0.1:${(slowApi.address() as { port: number }).port}/orders?ms=' + $json.body.ms }}`);

      // The first execution runs for 8 s; the second starts after it and fails at once, so polls
      // in between list only the second (n8n leaves running executions out of its list). The
      // margin is wide so that a loaded machine still polls at least once in between.
      expect((await workflow.trigger({ ms: 8_000 })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect((await workflow.trigger({ ms: 0 })).status).toBe(200);
      await client.until(() => client.events.filter((e) => e.event.type === 'execution.failed').length >= 2, 'both executions to fail', 30_000);
      const failed = client.events.filter((e) => e.event.type === 'execution.failed').map((e) => e.event.executionId);
      expect(failed).toHaveLength(2);
      expect(Number(failed[0])).toBeGreaterThan(Number(failed[1])); // the later execution was announced first
    } finally {
      client.socket?.terminate();
      await server.close();
      slowApi.close();
    }
  });

  it('marks an instance that is down as ERROR with the reason', async () => {
    const server = await startTestServer({ POLLER_ENABLED: 'true' });
    try {
      const api = apiClient(server.url);
      const user = await signUp(api, 'down');
      const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'dead', url: `http://127.0.0.1:${await closedPort()}`, apiKey: 'n8n_api_dead_0123456789' } });
      const deadline = Date.now() + 15_000;
      let data: { status: string; lastError: string | null } = { status: '', lastError: null };
      while (Date.now() < deadline && data.status !== 'ERROR') {
        data = (await api.call<{ data: typeof data }>('GET', `/api/v1/instances/${instance.body.data.id}`, { token: user.accessToken })).body.data;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(data.status).toBe('ERROR');
      expect(data.lastError).toMatch(/^N8N_UNREACHABLE/);
    } finally {
      await server.close();
    }
  });
});

// Separate processes share state only through Postgres and Redis, so the cluster runs on those.
if (inject('store').kind === 'postgres') {
  describe('three server processes', () => {
    const n8n = n8nUnderTest();
    const processes: ChildProcess[] = [];
    afterAll(() => {
      for (const child of processes) child.kill('SIGKILL');
    });

    async function startProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
      const started = await startServerProcess({ ...process.env, ...env }, { timeoutMs: 30_000 });
      processes.push(started.child);
      return started;
    }

    it('a client on process A receives executions polled by B or C, and after A is killed it reconnects elsewhere and misses nothing', async () => {
      const shared = { ...storeEnv(mkdtempSync(join(tmpdir(), 'ai-http-cluster-'))), REDIS_KEY_PREFIX: `${storeEnv('x').REDIS_KEY_PREFIX}cluster${Date.now()}:`, PORT: '0', LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'), JWT_SECRET: 'c'.repeat(48), RATE_LIMIT_PER_MINUTE: '100000' };
      // A serves the client and never polls, so the events it relays come from B or C.
      const a = await startProcess({ ...shared, POLLER_ENABLED: 'false' });
      const b = await startProcess({ ...shared, POLLER_ENABLED: 'true' });
      await startProcess({ ...shared, POLLER_ENABLED: 'true' });
      const api = apiClient(b.url);
      const user = await signUp(api, 'cluster');
      const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'n8n', url: n8n.url, apiKey: n8n.apiKey } });
      const workflow: WebhookWorkflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
      const topic = `workflow:${instance.body.data.id}:${workflow.id}`;
      const client = new StreamClient();
      await client.connect(a.url, user.accessToken, [topic]);
      await waitForConnected(api, user.accessToken, instance.body.data.id);

      const failedCount = () => client.events.filter((e) => e.event.type === 'execution.failed').length;
      for (let i = 0; i < 3; i++) await workflow.trigger();
      await client.until(() => failedCount() >= 3, '3 failures through A');

      // Process A dies mid-run; two more executions happen while the client is away.
      a.child.kill('SIGKILL');
      await client.until(() => client.closed, 'the socket to A to drop');
      const lastSeen = client.events.at(-1)!.id;
      for (let i = 0; i < 2; i++) await workflow.trigger();
      await new Promise((r) => setTimeout(r, 3_000));
      await client.connect(b.url, user.accessToken, [topic], lastSeen);
      await client.until(() => failedCount() >= 5, 'the 2 missed failures, replayed through B');

      const ids = client.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(client.events.filter((e) => e.event.type === 'execution.failed').map((e) => e.event.executionId)).size).toBe(5);
      const replayed = client.other.filter((m) => m.type === 'subscribed').at(-1) as Extract<ServerMessage, { type: 'subscribed' }>;
      expect(replayed.replayed).toBeGreaterThanOrEqual(2);
      client.socket.terminate();
    }, 120_000);
  });
}
