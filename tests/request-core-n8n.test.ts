// The request core against the real n8n: nodes built by toHttpRequestNode are accepted by n8n,
// and when they run, the request n8n sends is the one the cURL command described.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCurl } from '../shared/src/curl/import.ts';
import { createN8nClient } from '../shared/src/n8n/client.ts';
import { credentialFor, withCredential } from '../shared/src/n8n/credentials.ts';
import { toHttpRequestNode, type N8nNode } from '../shared/src/n8n/http-request-node.ts';
import { createRequestSpec } from '../shared/src/request/spec.ts';
import { startEcho, type Echo, type Received } from './support/echo.ts';
import { createWebhookChain, n8nApi, n8nUnderTest, waitForExecution } from './support/n8n.ts';

// One echo server for the whole file: each test looks at what arrived after it started.
const n8n = n8nUnderTest();
let echo: Echo;
let base = '';
let received: Received[] = [];
beforeAll(async () => {
  echo = await startEcho();
  ({ base, received } = echo);
});
afterAll(() => echo.close());

describe('HTTP Request nodes from the request core, run by the real n8n', () => {

  it('sends the method, repeated query keys, headers and the exact body of each imported cURL', async () => {
    const commands = {
      json: `curl -X POST '${base}/orders?tag=a&tag=b' -H 'X-Trace: t-1' -H 'Authorization: Bearer tok_live' -H 'Content-Type: application/json; charset=UTF-8' --data-raw '{
  "order": {"id": 9007199254740991, "lines": [{"sku": "A-1", "qty": 2}]},
  "total": 19.9
}'`,
      form: `curl '${base}/search' --data-urlencode 'q=café & crème' -d page=2 -u ada:s3cret`,
      raw: `curl -X PUT '${base}/doc' -H 'Content-Type: text/xml' --data-raw '<doc><a>1</a></doc>'`,
    };
    const nodes: N8nNode[] = Object.entries(commands).map(([name, curl]) => ({ ...toHttpRequestNode(importCurl(curl).request, { inlineSecrets: true }).node, name }));
    const workflow = await createWebhookChain(n8n, nodes);
    expect((await workflow.trigger({})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');

    const [json, form, raw] = received.slice(-3);
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
  const seenSince = (count: number) => received.slice(count).map((r) => r.headers);

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
    const node = withCredential({ ...toHttpRequestNode(request).node, name: 'Call' }, { ...credential, type: draft!.type });
    expect(JSON.stringify(node.parameters)).not.toMatch(/sk_test_bearer_1|s3cret|key_header_1/);
    const workflow = await createWebhookChain(n8n, [node]);
    const before = received.length;
    expect((await workflow.trigger({})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');
    expect(seenSince(before).some(sentSecret)).toBe(true);
  });

  it('restricts the credential to the API host: n8n refuses to send it anywhere else', async () => {
    const { request } = importCurl(`curl https://api.elsewhere.example/me -H 'Authorization: Bearer sk_other'`);
    const client = createN8nClient({ baseUrl: n8n.url, apiKey: n8n.apiKey });
    const draft = credentialFor(request)!;
    expect(draft.data).toMatchObject({ allowedHttpRequestDomains: 'domains', allowedDomains: 'api.elsewhere.example' });
    const credential = await client.createCredential(draft);
    // The same credential on a node that calls the local echo server: n8n stops it.
    const node = withCredential({ ...toHttpRequestNode({ ...request, url: `${base}/steal` }).node, name: 'Call' }, { ...credential, type: draft.type });
    const workflow = await createWebhookChain(n8n, [node]);
    const before = received.length;
    await workflow.trigger({});
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status).toBe('error');
    expect(seenSince(before).some((h) => h.authorization === 'Bearer sk_other')).toBe(false);
  });
});

describe('placeholders left in a request become n8n expressions, in the real n8n', () => {

  it('reads them from the incoming item: URL, query and JSON body', async () => {
    const request = createRequestSpec({ method: 'POST', url: `${base}/chats/{{chatId}}`, query: [{ name: 'lang', value: '{{lang}}' }], body: { mode: 'json', text: '{"prompt": "{{prompt}}", "model": "gpt-x"}' } });
    const { node, warnings } = toHttpRequestNode(request, { placeholders: 'expressions' });
    expect(node.parameters.url).toBe(`=${base}/chats/{{ $json.chatId }}`);
    expect(warnings.join(' ')).toMatch(/\$json\.prompt/);
    const data = { parameters: { jsCode: "return [{ json: { chatId: 'c-7', lang: 'ar', prompt: 'Hello from n8n' } }];" }, name: 'Data', type: 'n8n-nodes-base.code', typeVersion: 2 };
    const workflow = await createWebhookChain(n8n, [data, { ...node, name: 'Call' }]);
    expect((await workflow.trigger({})).status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status, JSON.stringify(execution.data?.resultData?.error)).toBe('success');
    expect(received.at(-1)!.url).toBe('/chats/c-7?lang=ar');
    expect(JSON.parse(received.at(-1)!.body)).toEqual({ prompt: 'Hello from n8n', model: 'gpt-x' });
  });
});
