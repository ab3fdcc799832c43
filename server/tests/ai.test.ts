// The AI routes against the contract test double (tests/support/fake-llm.ts): the server's own
// provider client (the Vercel AI SDK) talks the OpenAI wire protocol to it over real HTTP.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundCandidates } from '@ai-http/shared/ai/ground';
import { askEventSchema, explainEventSchema } from '@ai-http/shared/api/ai';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { loadOpenApi } from '@ai-http/shared/openapi/document';
import { startFakeLlm, type FakeLlm } from '../../tests/support/fake-llm.ts';
import { apiClient, capturedLogger, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

const KEY = 'sk-server-side-provider-key-9876543210';
const MINUTE = 60_000;

async function lines(url: string, path: string, token: string, body: unknown): Promise<{ status: number; type: string | null; events: unknown[] }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), events: text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown) };
}

describe('the AI routes with a provider configured', () => {
  let fake: FakeLlm;
  let server: TestServer;
  let api: ApiClient;
  let token: string;
  const log = capturedLogger();
  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer({ AI_PROVIDER: 'openai', AI_MODEL: 'gpt-4o-mini', AI_BASE_URL: fake.openaiBase, AI_API_KEY: KEY, AI_TIMEOUT_SECONDS: '5' }, { logger: log.logger });
    api = apiClient(server.url);
    token = (await signUp(api, 'ai')).accessToken;
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('says which model it has, never the key; signed-out callers are refused', async () => {
    const status = await api.call<{ data: unknown }>('GET', '/api/v1/ai/status', { token });
    expect(status.body.data).toEqual({ v: 1, configured: true, provider: 'openai', model: 'gpt-4o-mini' });
    expect(JSON.stringify(status.body)).not.toContain(KEY);
    expect((await api.call('GET', '/api/v1/ai/status')).status).toBe(401);
    // Documented: the streamed answers as JSON lines, each line's shape.
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> };
    for (const path of ['/api/v1/ai/request', '/api/v1/ai/explain']) expect(Object.keys(doc.paths[path]!.post!.responses['200']!.content)).toEqual(['application/x-ndjson']);
    expect(doc.paths['/api/v1/ai/research']!.post).toBeDefined();
  });

  it('grounds the words in the built-in templates and streams the choice before the request', async () => {
    fake.script({ answer: { operationId: 'tpl:stripe.create-customer', parameters: { email: 'ada@example.com', name: 'Ada' }, body: null }, usage: { input: 900, output: 30 } });
    const { status, type, events } = await lines(server.url, '/api/v1/ai/request', token, { query: 'create a stripe customer' });
    expect([status, type]).toEqual([200, 'application/x-ndjson']);
    const parsed = events.map((e) => askEventSchema.parse(e));
    expect(parsed.map((e) => e.type)).toEqual(['candidates', 'choice', 'result']);
    const result = parsed[2]!;
    expect(result.type === 'result' && result.request.body).toEqual({ mode: 'form', fields: [{ name: 'email', value: 'ada@example.com' }, { name: 'name', value: 'Ada' }] });
    expect(fake.calls.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('takes the candidates the extension found in its own specs', async () => {
    const stripe = loadOpenApi(readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi/stripe-2022-04-12.json'), 'utf8'));
    const candidates = groundCandidates('create a customer', { documents: [stripe] }).slice(0, 4);
    fake.script({ answer: { operationId: 'op:PostCustomers', parameters: {}, body: { email: 'ada@example.com' } } });
    const { events } = await lines(server.url, '/api/v1/ai/request', token, { query: 'create a customer', candidates });
    expect(events.at(-1)).toMatchObject({ type: 'result', operationId: 'op:PostCustomers', request: { url: 'https://api.stripe.com/v1/customers' } });
  });

  it('a failing provider ends the stream with a clear message and the offline first choice', async () => {
    fake.script({ status: 401, message: `Incorrect API key provided: ${KEY}` });
    const { status, events } = await lines(server.url, '/api/v1/ai/request', token, { query: 'send a slack message' });
    expect(status).toBe(200);
    const last = askEventSchema.parse(events.at(-1));
    expect(last).toMatchObject({ type: 'failed', message: expect.stringMatching(/refused the API key/), offlineId: 'tpl:slack.post-message' });
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('explains a failure with the secrets removed from what is sent', async () => {
    const digest: ExecutionDigest = {
      v: 1, executionId: '1', workflowId: 'w', status: 'error', mode: 'manual', startedAt: null, stoppedAt: null, durationMs: null, retryOf: null,
      failingNode: { name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.test/x?access_token=ATOKEN12345' } },
      error: { category: 'auth', name: 'NodeApiError', message: 'Unauthorized', httpCode: '401', description: null },
      explanation: 'The API refused the credentials.', fixes: ['Check the credential.'],
      inputItems: { items: [{ password: 'PASSWORD-IN-ITEM' }], total: 1, truncated: false }, executionPath: [], timings: [],
    };
    fake.script({ answer: { explanation: 'The token is wrong.', fixes: [{ text: 'Reconnect the credential.', edit: null }] } });
    const { events } = await lines(server.url, '/api/v1/ai/explain', token, { digest, language: 'en' });
    expect(events.map((e) => explainEventSchema.parse(e).type)).toContain('result');
    const sent = JSON.stringify(fake.calls.at(-1)!.body);
    expect(sent).not.toContain('ATOKEN12345');
    expect(sent).not.toContain('PASSWORD-IN-ITEM');
  });

  it('refuses bad input in the envelope: empty words, a NUL, a lone surrogate, a candidate of the wrong shape, a digest that is not one', async () => {
    const bodies: [string, unknown][] = [
      ['/api/v1/ai/request', { query: '   ' }],
      ['/api/v1/ai/request', { query: 'create\u0000 a customer' }],
      ['/api/v1/ai/request', { query: 'create \ud800 a customer' }],
      ['/api/v1/ai/request', { query: 'create a customer', candidates: [{ id: 'op:x', method: 'FETCH' }] }],
      ['/api/v1/ai/explain', { digest: { v: 1, executionId: 7 }, language: 'en' }],
      ['/api/v1/ai/explain', { digest: { v: 1 }, language: 'fr' }],
    ];
    for (const [path, body] of bodies) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(fake.calls.filter((c) => JSON.stringify(c.body).includes('create\\u0000'))).toEqual([]);
  });

  it('counts the provider\'s tokens in /metrics, and the key is in no log line', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/ai_tokens_total\{call="request",direction="input"\} [1-9]\d*/);
    expect(metrics).toMatch(/ai_calls_total\{call="request",outcome="failed"\} [1-9]/);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain(KEY);
  });
});

describe('the AI rate limit, per user', () => {
  let fake: FakeLlm;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeLlm();
    server = await startTestServer({ AI_PROVIDER: 'openai-compatible', AI_MODEL: 'llama3', AI_BASE_URL: fake.openaiBase, AI_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });

  it('answers 429 past the limit for that user only', async () => {
    const intoMinute = Date.now() % MINUTE;
    if (intoMinute > MINUTE - 8_000) await new Promise((r) => setTimeout(r, MINUTE - intoMinute + 50));
    const api = apiClient(server.url);
    const [ada, bob] = [await signUp(api, 'ada'), await signUp(api, 'bob')];
    const answer = { answer: { operationId: 'tpl:slack.post-message', parameters: {}, body: null } };
    fake.script(answer, answer, answer);
    for (let i = 0; i < 2; i++) expect((await lines(server.url, '/api/v1/ai/request', ada.accessToken, { query: 'send a slack message' })).status).toBe(200);
    const blocked = await lines(server.url, '/api/v1/ai/request', ada.accessToken, { query: 'send a slack message' });
    expect([blocked.status, blocked.events[0]]).toMatchObject([429, { error: { code: 'RATE_LIMITED' } }]);
    expect((await lines(server.url, '/api/v1/ai/request', bob.accessToken, { query: 'send a slack message' })).status).toBe(200);
  });
});

describe('a server without AI', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('says so, and the AI calls answer AI_UNAVAILABLE', async () => {
    const api = apiClient(server.url);
    const { accessToken } = await signUp(api, 'noai');
    expect((await api.call<{ data: unknown }>('GET', '/api/v1/ai/status', { token: accessToken })).body.data).toEqual({ v: 1, configured: false, provider: null, model: null });
    const refused = await lines(server.url, '/api/v1/ai/request', accessToken, { query: 'create a customer' });
    expect([refused.status, refused.events[0]]).toMatchObject([503, { error: { code: 'AI_UNAVAILABLE' } }]);
  });

  it('refuses an incomplete AI configuration at start, naming the variable', async () => {
    const { loadConfig } = await import('../src/config.ts');
    expect(() => loadConfig({ AI_PROVIDER: 'openai' })).toThrow(/AI_MODEL/);
    expect(() => loadConfig({ AI_PROVIDER: 'openai-compatible', AI_MODEL: 'llama3' })).toThrow(/AI_BASE_URL/);
    expect(() => loadConfig({ AI_PROVIDER: 'gemini' })).toThrow(/AI_PROVIDER/);
  });
});
