// The `ai-http` CLI as users run it: a child process, stdin in, stdout and stderr out.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from './support/fake-llm.ts';

const CLI = resolve(import.meta.dirname, '../scripts/ai-http.mjs');
const run = (args: string[], input: string) => {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('ai-http curl', () => {
  it('prints only the clipboard JSON on stdout, and warnings on stderr', () => {
    const { code, stdout, stderr } = run(['curl'], `curl https://api.example.com/v1/items -H 'Authorization: Bearer tok_1' --json '{"a":1}'`);
    expect(code).toBe(0);
    const clip = JSON.parse(stdout) as { nodes: { type: string; parameters: Record<string, unknown> }[]; connections: object };
    expect(clip.connections).toEqual({});
    expect(clip.nodes).toHaveLength(1);
    expect(clip.nodes[0]).toMatchObject({ type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', jsonBody: '{"a":1}', genericAuthType: 'httpBearerAuth' } });
    expect(stdout).not.toContain('tok_1');
    expect(stderr).toMatch(/^warning: .*Bearer Auth/m);
  });

  it('keeps the secret inline with --inline-secrets', () => {
    const { code, stdout } = run(['curl', '--inline-secrets'], `curl https://api.example.com -H 'Authorization: Bearer tok_1'`);
    expect(code).toBe(0);
    expect(stdout).toContain('Bearer tok_1');
  });

  it.each([
    ['an empty stdin', ''],
    ['text that is not cURL', 'GET https://api.example.com'],
    ['an unbalanced quote', "curl 'https://api.example.com"],
  ])('exits 2 with a clear message on %s', (_name, input) => {
    const { code, stdout, stderr } = run(['curl'], input);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ai-http curl: .{20,}/);
  });
});

describe('ai-http to-curl', () => {
  it('turns a copied workflow back into cURL, and cURL round-trips through both commands', () => {
    const curl = `curl -X PATCH 'https://api.example.com/items/7?x=1' -H 'X-Trace: 1' --data-raw '{"done":true}'`;
    const clip = run(['curl'], curl).stdout;
    const { code, stdout } = run(['to-curl'], clip);
    expect(code).toBe(0);
    expect(stdout).toContain("-X PATCH 'https://api.example.com/items/7?x=1'");
    const again = run(['curl'], stdout);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(clip));
  });

  it('exits 2 when the input is not JSON or holds no HTTP Request node', () => {
    expect(run(['to-curl'], 'not json')).toMatchObject({ code: 2, stdout: '' });
    const none = run(['to-curl'], JSON.stringify({ nodes: [{ type: 'n8n-nodes-base.set', parameters: {} }], connections: {} }));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no HTTP Request node/);
  });
});

describe('ai-http openapi search', () => {
  const github = resolve(import.meta.dirname, '../../shared/fixtures/openapi/github-2020-08-30.json');
  const stripe = resolve(import.meta.dirname, '../../shared/fixtures/openapi/stripe-2022-04-12.json');

  it('prints a ranked JSON array for a query argument', () => {
    const { code, stdout } = run(['openapi', 'search', github, 'close', 'an', 'issue', '--limit', '3'], '');
    expect(code).toBe(0);
    const hits = JSON.parse(stdout) as { operationId: string; method: string; path: string; summary: string; score: number }[];
    expect(hits).toHaveLength(3);
    expect(Object.keys(hits[0]!)).toEqual(['operationId', 'method', 'path', 'summary', 'score']);
    expect(hits.map((h) => h.operationId)).toContain('issues/update');
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[2]!.score);
  });

  it('reads one query per line from stdin and prints one array per line', () => {
    const { code, stdout } = run(['openapi', 'search', stripe, '--limit', '1'], 'create a customer\nlist invoices\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { operationId: string }[]);
    expect(lines.map((l) => l[0]?.operationId)).toEqual(['PostCustomers', 'GetInvoices']);
  });

  it('exits 2 with a clear message for a missing file, a broken spec, or bad usage', () => {
    expect(run(['openapi', 'search', '/no/such/spec.json', 'x'], '')).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read .*ENOENT/) });
    expect(run(['openapi', 'search', resolve(import.meta.dirname, '../package.json'), 'x'], '')).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing version.*\(at \/openapi\)/) });
    expect(run(['openapi', 'find'], '')).toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: ai-http openapi search/) });
    expect(run(['openapi', 'search', github, 'x', '--limit', 'ten'], '')).toMatchObject({ code: 2 });
  });
});

describe('ai-http digest', () => {
  const fixture = resolve(import.meta.dirname, '../shared/tests/fixtures/executions/http-429.json');

  it('prints the digest of an execution read from stdin', () => {
    const { code, stdout } = run(['digest'], readFileSync(fixture, 'utf8'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ v: 1, status: 'error', failingNode: { name: 'Call API' }, error: { category: 'rate_limit', httpCode: '429' } });
  });

  it('exits 2 with a clear message on input that is not an execution', () => {
    expect(run(['digest'], 'not json')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^ai-http digest: stdin is not JSON/) });
    expect(run(['digest'], '{"hello":"world"}')).toMatchObject({ code: 2, stderr: expect.stringMatching(/not an n8n execution/) });
  });
});

describe('ai-http import', () => {
  const fixture = (file: string) => readFileSync(resolve(import.meta.dirname, '../shared/tests/fixtures/paste', file), 'utf8');
  const nodeOf = (stdout: string) => (JSON.parse(stdout) as { nodes: { name: string; parameters: Record<string, unknown> }[] }).nodes[0]!;

  it.each([
    ['a Windows cmd cURL from Chrome', 'chromium-json.curl-cmd.txt'],
    ['a "Copy as fetch" from Firefox', 'firefox-json.fetch.txt'],
    ['a raw HTTP request', 'chromium-json.http.txt'],
  ])('prints one HTTP Request node for %s, the browser noise gone and the token in a credential', (_what, file) => {
    const { code, stdout, stderr } = run(['import'], fixture(file));
    expect(code, stderr).toBe(0);
    const node = nodeOf(stdout);
    expect(node.parameters).toMatchObject({ method: 'POST', genericAuthType: 'httpBearerAuth', contentType: 'json' });
    expect(node.name).toBe('127.0.0.1: HTTP Request');
    expect(stdout).not.toMatch(/sk_test_|user-agent|sec-fetch/i);
  });

  it('picks a template for plain words, with its placeholders as expressions', () => {
    const { code, stdout, stderr } = run(['import'], 'post a message to slack');
    expect(code).toBe(0);
    const node = nodeOf(stdout);
    expect(node.name).toBe('Slack: Send message to channel');
    expect(JSON.stringify(node.parameters)).toContain('{{ $json.channelId }}');
    expect(stderr).toMatch(/matched the template Slack/);
  });

  it('exits 1 with what was expected for anything else', () => {
    const { code, stdout, stderr } = run(['import'], 'x = 1;\ny = 2;');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ai-http import: .*cURL command, a "Copy as fetch" call/);
  });
});

describe('ai-http ask and explain (against the contract test double in tests/support/fake-llm.ts)', () => {
  const stripe = resolve(import.meta.dirname, '../../shared/fixtures/openapi/stripe-2022-04-12.json');
  const execution = resolve(import.meta.dirname, '../shared/tests/fixtures/executions/http-401.json');
  const KEY = 'sk-cli-provider-key-1234567890';
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  afterAll(() => fake.close());
  // Asynchronous: the fake provider answers from this process while the CLI runs.
  const runAsync = (args: string[], input: string, env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, AI_PROVIDER: '', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  const withModel = { AI_PROVIDER: 'openai', AI_MODEL: 'gpt-4o-mini', AI_BASE_URL: '', AI_API_KEY: KEY, AI_TIMEOUT_SECONDS: '10' };

  it('ask: the model\'s choice, filled, as clipboard JSON', async () => {
    fake.script({ answer: { operationId: 'op:PostCustomers', parameters: {}, body: { email: 'ada@example.com', name: 'Ada' } } });
    const { code, stdout, stderr } = await runAsync(['ask', 'create a customer named Ada, ada@example.com', '--spec', stripe], '', { ...withModel, AI_BASE_URL: fake.openaiBase });
    expect(code).toBe(0);
    expect(stderr).toMatch(/openai gpt-4o-mini chose op:PostCustomers/);
    const clip = JSON.parse(stdout) as { nodes: { parameters: { url: string; bodyParameters: { parameters: { name: string; value: string }[] } } }[] };
    expect(clip.nodes[0]!.parameters.url).toBe('https://api.stripe.com/v1/customers');
    expect(clip.nodes[0]!.parameters.bodyParameters.parameters).toEqual([{ name: 'email', value: 'ada@example.com' }, { name: 'name', value: 'Ada' }]);
  });

  it('ask without AI_PROVIDER: the offline first choice, said on stderr', async () => {
    const { code, stdout, stderr } = await runAsync(['ask', 'create a customer', '--spec', stripe], '', {});
    expect(code).toBe(0);
    expect(stderr).toMatch(/no AI_PROVIDER set: the offline search's first choice, op:PostCustomers/);
    expect(JSON.parse(stdout)).toMatchObject({ nodes: [{ parameters: { url: 'https://api.stripe.com/v1/customers' } }] });
  });

  it('ask: a failing provider falls back to the offline answer; with none, exit 1 and a clear message', async () => {
    fake.script({ status: 401, message: `bad key ${KEY}` });
    const fallback = await runAsync(['ask', 'create a customer', '--spec', stripe], '', { ...withModel, AI_BASE_URL: fake.openaiBase });
    expect(fallback).toMatchObject({ code: 0, stderr: expect.stringMatching(/refused the API key[\s\S]*offline search's first choice instead, op:PostCustomers/) });
    expect(fallback.stderr).not.toContain(KEY);
    const down = await runAsync(['ask', 'xylophone quasar'], '', { ...withModel, AI_BASE_URL: `${fake.base.replace(/:\d+$/, ':9')}/v1` });
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/^ai-http ask: The AI provider could not be reached/m);
  });

  it('explain: the offline explanation, then the model\'s, with no secret sent', async () => {
    fake.script({ answer: { explanation: 'The token was revoked.', fixes: [{ text: 'Reconnect the credential.', edit: null }, { text: 'Wait longer.', edit: { parameter: 'options.timeout', value: 10000 } }] } });
    const { code, stdout } = await runAsync(['explain'], readFileSync(execution, 'utf8'), { ...withModel, AI_BASE_URL: fake.openaiBase });
    expect(code).toBe(0);
    expect(stdout).toMatch(/credentials are missing, wrong, expired[\s\S]*openai gpt-4o-mini:\nThe token was revoked\.\n {2}- Reconnect the credential\.\n {2}- Wait longer\. \[set options\.timeout = 10000\]/);
    expect(JSON.stringify(fake.calls.at(-1)!.body)).not.toContain(KEY);
  });

  it('explain: a bad AI_PROVIDER names the variable; input that is not JSON exits 2', async () => {
    expect(await runAsync(['explain'], readFileSync(execution, 'utf8'), { AI_PROVIDER: 'gemini' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/AI_PROVIDER/) });
    expect(await runAsync(['explain'], 'nope', {})).toMatchObject({ code: 2, stderr: expect.stringMatching(/not JSON/) });
  });
});
