// Helpers for tests that talk to the real n8n started by `npm test` (scripts/test.mjs).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { isFinishedStatus } from '../../shared/src/n8n/digest-schema.ts';

export interface N8nUnderTest {
  url: string;
  apiKey: string;
  email: string;
  password: string;
}

/** The real n8n under test, or a clear reason why there is none. */
export function n8nUnderTest(): N8nUnderTest {
  const { N8N_TEST_URL: url, N8N_TEST_API_KEY: apiKey, N8N_TEST_EMAIL: email, N8N_TEST_PASSWORD: password } = process.env;
  if (!url || !apiKey || !email || !password) {
    throw new Error(
      process.env.AIHTTP_N8N_PROBLEM ??
        'No n8n under test: run through `npm test`, or start one with `node scripts/n8n.mjs start` and set N8N_TEST_URL, N8N_TEST_API_KEY, N8N_TEST_EMAIL and N8N_TEST_PASSWORD.',
    );
  }
  return { url, apiKey, email, password };
}

/**
 * The n8n a benchmark runs against: the one in N8N_TEST_* when set, otherwise one started (and
 * installed, cached by version) for this run; `stop` ends that one.
 */
export async function benchN8n(): Promise<N8nUnderTest & { stop?: () => Promise<void> }> {
  const { N8N_TEST_URL: url, N8N_TEST_API_KEY: apiKey, N8N_TEST_EMAIL: email, N8N_TEST_PASSWORD: password } = process.env;
  if (url && apiKey && email && password) return { url, apiKey, email, password };
  // @ts-expect-error: a plain .mjs module from the repo's scripts, without type declarations
  const lib = (await import('../../scripts/lib/n8n.mjs')) as { ensureN8n(): void; startN8n(): Promise<{ url: string; apiKey: string; owner: { email: string; password: string }; stop(): Promise<void> }> };
  lib.ensureN8n();
  const started = await lib.startN8n();
  return { url: started.url, apiKey: started.apiKey, email: started.owner.email, password: started.owner.password, stop: started.stop };
}

/** Calls n8n's public API with the API key and parses the JSON answer. */
export async function n8nApi<T = unknown>(n8n: N8nUnderTest, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${n8n.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { 'X-N8N-API-KEY': n8n.apiKey, 'content-type': 'application/json', accept: 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`n8n ${init.method ?? 'GET'} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A loopback port with nothing listening on it. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface WebhookWorkflow {
  id: string;
  name: string;
  webhookPath: string;
  trigger(body?: unknown): Promise<Response>;
}

/**
 * Creates and activates a production workflow: a Webhook, then `nodes` one after another (their
 * positions are set here). Returns it with a `trigger` that calls the webhook.
 */
export async function createWebhookChain(n8n: N8nUnderTest, nodes: { name: string; [key: string]: unknown }[], name = `AI-HTTP test ${randomUUID().slice(0, 8)}`): Promise<WebhookWorkflow> {
  const webhookPath = `ai-http-${randomUUID()}`;
  const webhook = { parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: webhookPath };
  const chain = [webhook, ...nodes.map((node, i) => ({ ...node, position: [220 * (i + 1), 0] }))];
  const connections = Object.fromEntries(chain.slice(0, -1).map((node, i) => [node.name, { main: [[{ node: chain[i + 1]!.name, type: 'main', index: 0 }]] }]));
  const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', { method: 'POST', body: { name, nodes: chain, connections, settings: { executionOrder: 'v1' } } });
  await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
  return { id: workflow.id, name, webhookPath, trigger: (body: unknown = { hello: 'ai-http' }) => triggerWebhook(n8n, webhookPath, body) };
}

/** Creates and activates Webhook → HTTP Request (to `targetUrl`) — the classic failing production workflow. */
export function createWebhookWorkflow(n8n: N8nUnderTest, targetUrl: string, name?: string): Promise<WebhookWorkflow> {
  return createWebhookChain(n8n, [{ parameters: { url: targetUrl, options: { timeout: 5_000 } }, name: 'Call API', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 }], name);
}

/** Calls a production webhook. n8n registers webhooks shortly after activation, so a 404 is retried for 10 s. */
export async function triggerWebhook(n8n: N8nUnderTest, webhookPath: string, body: unknown): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`${n8n.url}/webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 404 || Date.now() > deadline) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ExecutionSummary {
  id: string;
  status: string;
  workflowId: string;
  data?: { resultData?: { error?: { message?: string; node?: { name?: string } }; runData?: Record<string, unknown> } };
}

/** Polls the public API until the workflow has an execution newer than `afterId` that is no longer running. */
export async function waitForExecution(n8n: N8nUnderTest, workflowId: string, { afterId = 0, timeoutMs = 20_000 } = {}): Promise<ExecutionSummary> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { data } = await n8nApi<{ data: ExecutionSummary[] }>(n8n, `/executions?workflowId=${workflowId}&includeData=true&limit=5`);
    const done = data.find((e) => Number(e.id) > afterId && isFinishedStatus(e.status));
    if (done) return done;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no finished execution of workflow ${workflowId} within ${timeoutMs} ms`);
}
