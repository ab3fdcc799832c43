// The request core against the real n8n: nodes built by toHttpRequestNode are accepted by n8n,
// and when they run, the request n8n sends is the one the cURL command described.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCurl } from '../shared/src/curl/import.ts';
import { createN8nClient } from '../shared/src/n8n/client.ts';
import { credentialFor, withCredential } from '../shared/src/n8n/credentials.ts';
import { toHttpRequestNode, type N8nNode } from '../shared/src/n8n/http-request-node.ts';
import { createRequestSpec } from '../shared/src/request/spec.ts';
import { n8nApi, n8nUnderTest, triggerWebhook, waitForExecution } from './support/n8n.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('HTTP Request nodes from the request core, run by the real n8n', () => {
  const n8n = n8nUnderTest();
  const received: Received[] = [];
  const echo = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => echo.close(resolve)));

  it('sends the method, repeated query keys, headers and the exact body of each imported cURL', async () => {
    const commands = {
      json: `curl -X POST '${base}/orders?tag=a&tag=b' -H 'X-Trace: t-1' -H 'Authorization: Bearer tok_live' -H 'Content-Type: application/json; charset=UTF-8' --data-raw '{
  "order": {"id": 9007199254740991, "lines": [{"sku": "A-1", "qty": 2}]},
  "total": 19.9
}'`,
      form: `curl '${base}/search' --data-urlencode 'q=café & crème' -d page=2 -u ada:s3cret`,
      raw: `curl -X PUT '${base}/doc' -H 'Content-Type: text/xml' --data-raw '<doc><a>1</a></doc>'`,
    };
    const path = `ai-http-core-${randomUUID()}`;
    const nodes: N8nNode[] = Object.entries(commands).map(([name, curl], i) => {
      const { node } = toHttpRequestNode(importCurl(curl).request, { inlineSecrets: true, position: [220 * (i + 1), 0] });
      return { ...node, name };
    });
    const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', {
      method: 'POST',
      body: {
        name: `AI-HTTP request core ${path}`,
        nodes: [{ parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path }, ...nodes],
        connections: { Webhook: { main: [[{ node: 'json', type: 'main', index: 0 }]] }, json: { main: [[{ node: 'form', type: 'main', index: 0 }]] }, form: { main: [[{ node: 'raw', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      },
    });
    await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
    expect((await triggerWebhook(n8n, path, {})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');

    const [json, form, raw] = received;
    expect(json).toMatchObject({ method: 'POST', url: '/orders?tag=a&tag=b' });
    expect(json!.headers['x-trace']).toBe('t-1');
    expect(json!.headers.authorization).toBe('Bearer tok_live');
    expect(json!.headers['content-type']).toMatch(/^application\/json/);
    // n8n parses the JSON body and serialises it again: nesting and numbers survive, up to
    // 2^53 (n8n itself rounds larger integers; the node holds the exact text).
    expect(JSON.parse(json!.body)).toEqual({ order: { id: 9007199254740991, lines: [{ sku: 'A-1', qty: 2 }] }, total: 19.9 });
    expect(form).toMatchObject({ method: 'POST', url: '/search' });
    expect(new URLSearchParams(form!.body).get('q')).toBe('café & crème');
    expect(new URLSearchParams(form!.body).get('page')).toBe('2');
    expect(form!.headers.authorization).toBe(`Basic ${btoa('ada:s3cret')}`);
    expect(raw).toMatchObject({ method: 'PUT', url: '/doc', body: '<doc><a>1</a></doc>' });
    expect(raw!.headers['content-type']).toBe('text/xml');
  });

  it('accepts a node whose secret became a credential reference', async () => {
    const { node } = toHttpRequestNode(importCurl(`curl ${base}/x -H 'X-API-Key: k_1'`).request);
    const created = await n8nApi<{ id: string; nodes: N8nNode[] }>(n8n, '/workflows', { method: 'POST', body: { name: `AI-HTTP credential ${randomUUID()}`, nodes: [node], connections: {}, settings: {} } });
    expect(created.nodes[0]!.parameters).toMatchObject({ authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' });
  });
});

describe('credentials made for a request, in the real n8n', () => {
  const n8n = n8nUnderTest();
  const seen: IncomingHttpHeaders[] = [];
  const echo = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => echo.close(resolve)));

  it.each([
    ['bearer', `-H 'Authorization: Bearer sk_test_bearer_1'`, (h: IncomingHttpHeaders) => h.authorization === 'Bearer sk_test_bearer_1'],
    ['basic', `-u ada:s3cret`, (h: IncomingHttpHeaders) => h.authorization === `Basic ${btoa('ada:s3cret')}`],
    ['header', `-H 'X-API-Key: key_header_1'`, (h: IncomingHttpHeaders) => h['x-api-key'] === 'key_header_1'],
  ])('creates the %s credential through the public API; the node runs with it and holds no secret', async (_kind, flags, sentSecret) => {
    const { request } = importCurl(`curl ${base}/me ${flags}`);
    const draft = credentialFor(request, 'Echo');
    expect(draft).not.toBeNull();
    const client = createN8nClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
    const credential = await client.createCredential(draft!);
    expect(credential).toMatchObject({ name: draft!.name, type: draft!.type });
    const node = withCredential({ ...toHttpRequestNode(request).node, name: 'Call', position: [220, 0] }, { ...credential, type: draft!.type });
    expect(JSON.stringify(node.parameters)).not.toMatch(/sk_test_bearer_1|s3cret|key_header_1/);
    const path = `ai-http-credential-${randomUUID()}`;
    const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', {
      method: 'POST',
      body: {
        name: `AI-HTTP credential run ${path}`,
        nodes: [{ parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path }, node],
        connections: { Webhook: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      },
    });
    await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
    const before = seen.length;
    expect((await triggerWebhook(n8n, path, {})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');
    expect(seen.slice(before).some(sentSecret)).toBe(true);
  });

  it('restricts the credential to the API host: n8n refuses to send it anywhere else', async () => {
    const { request } = importCurl(`curl https://api.elsewhere.example/me -H 'Authorization: Bearer sk_other'`);
    const client = createN8nClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
    const draft = credentialFor(request)!;
    expect(draft.data).toMatchObject({ allowedHttpRequestDomains: 'domains', allowedDomains: 'api.elsewhere.example' });
    const credential = await client.createCredential(draft);
    // The same credential on a node that calls the local echo server: n8n stops it.
    const node = withCredential({ ...toHttpRequestNode({ ...request, url: `${base}/steal` }).node, name: 'Call', position: [220, 0] }, { ...credential, type: draft.type });
    const path = `ai-http-restricted-${randomUUID()}`;
    const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', {
      method: 'POST',
      body: {
        name: `AI-HTTP restricted credential ${path}`,
        nodes: [{ parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path }, node],
        connections: { Webhook: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      },
    });
    await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
    const before = seen.length;
    await triggerWebhook(n8n, path, {});
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status).toBe('error');
    expect(seen.slice(before).some((h) => h.authorization === 'Bearer sk_other')).toBe(false);
  });
});

describe('placeholders left in a request become n8n expressions, in the real n8n', () => {
  const n8n = n8nUnderTest();
  const received: { url: string; body: string }[] = [];
  const echo = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => echo.close(resolve)));

  it('reads them from the incoming item: URL, query and JSON body', async () => {
    const request = createRequestSpec({ method: 'POST', url: `${base}/chats/{{chatId}}`, query: [{ name: 'lang', value: '{{lang}}' }], body: { mode: 'json', text: '{"prompt": "{{prompt}}", "model": "gpt-x"}' } });
    const { node, warnings } = toHttpRequestNode(request, { placeholders: 'expressions' });
    expect(node.parameters.url).toBe(`=${base}/chats/{{ $json.chatId }}`);
    expect(warnings.join(' ')).toMatch(/\$json\.prompt/);
    const path = `ai-http-expressions-${randomUUID()}`;
    const workflow = await n8nApi<{ id: string }>(n8n, '/workflows', {
      method: 'POST',
      body: {
        name: `AI-HTTP expressions ${path}`,
        nodes: [
          { parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path },
          { parameters: { jsCode: "return [{ json: { chatId: 'c-7', lang: 'ar', prompt: 'Hello from n8n' } }];" }, name: 'Data', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] },
          { ...node, name: 'Call', position: [440, 0] },
        ],
        connections: { Webhook: { main: [[{ node: 'Data', type: 'main', index: 0 }]] }, Data: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      },
    });
    await n8nApi(n8n, `/workflows/${workflow.id}/activate`, { method: 'POST' });
    expect((await triggerWebhook(n8n, path, {})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');
    expect(received.at(-1)!.url).toBe('/chats/c-7?lang=ar');
    expect(JSON.parse(received.at(-1)!.body)).toEqual({ prompt: 'Hello from n8n', model: 'gpt-x' });
  });
});
