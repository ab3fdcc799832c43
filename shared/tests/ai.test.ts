import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encode } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { candidateFromTemplate } from '../src/ai/candidates.ts';
import { checkChoice, choiceSchema, choiceToRequest, NO_MATCH } from '../src/ai/choice.ts';
import { explainPayload, removeSecrets } from '../src/ai/explain.ts';
import { groundCandidates } from '../src/ai/ground.ts';
import { requestPrompt } from '../src/ai/prompt.ts';
import type { ExecutionDigest } from '../src/n8n/digest-schema.ts';
import { loadOpenApi } from '../src/openapi/document.ts';
import { builtinTemplates } from '../src/templates/catalog.ts';
import { templateSchema } from '../src/templates/schema.ts';

const fixture = (file: string) => loadOpenApi(readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8'));
const stripe = fixture('stripe-2022-04-12.json');
const github = fixture('github-2020-08-30.json');
const templates = builtinTemplates();

describe('grounding: candidates come from the search, compact', () => {
  it('"create a customer" over Stripe and the templates offers PostCustomers with its body fields, the built-in template too', () => {
    const candidates = groundCandidates('create a customer', { documents: [stripe], templates });
    const ids = candidates.map((c) => c.id);
    expect(ids).toContain('op:PostCustomers');
    expect(ids).toContain('tpl:stripe.create-customer');
    expect(candidates.length).toBeLessThanOrEqual(8);
    const create = candidates.find((c) => c.id === 'op:PostCustomers')!;
    expect(create.body?.map((f) => f.name)).toEqual(expect.arrayContaining(['email', 'name']));
    expect(create.request.url).toBe('https://api.stripe.com/v1/customers');
    // Credentials are never parameters for the model to fill.
    const template = candidates.find((c) => c.id === 'tpl:stripe.create-customer')!;
    expect(template.parameters.map((p) => p.name)).toEqual(['email', 'name']);
  });

  it('a GitHub path parameter is required in the candidate', () => {
    const candidates = groundCandidates('close an issue', { documents: [github] });
    const update = candidates.find((c) => c.id === 'op:issues/update')!;
    expect(update.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual([['owner', true], ['repo', true], ['issue_number', true]]);
  });
});

describe('the structured choice', () => {
  const candidates = groundCandidates('create a customer', { documents: [stripe], templates });

  it('allows exactly the candidates\' ids and "none"', () => {
    const schema = choiceSchema(candidates);
    expect(schema.shape.operationId.options.sort()).toEqual([NO_MATCH, ...candidates.map((c) => c.id)].sort());
    expect(checkChoice(candidates, { operationId: 'op:DeleteCustomersCustomer', parameters: {}, body: null })).toMatchObject({ ok: false });
  });

  it('checks the values against the chosen operation: unknown fields and wrong types are refused', () => {
    expect(checkChoice(candidates, { operationId: 'op:PostCustomers', parameters: {}, body: { email: 'a@b.co', name: 'Ada' } })).toMatchObject({ ok: true });
    const wrongType = checkChoice(candidates, { operationId: 'op:PostCustomers', parameters: {}, body: { balance: 'lots' } });
    expect(wrongType.ok).toBe(false);
    expect(wrongType.ok ? '' : wrongType.error).toMatch(/balance/);
    const invented = checkChoice(candidates, { operationId: 'op:PostCustomers', parameters: {}, body: { is_admin: true } });
    expect(invented.ok ? '' : invented.error).toMatch(/is_admin/);
    const missingPath = checkChoice(candidates, { operationId: 'op:PostCustomersCustomerTaxIds', parameters: {}, body: { type: 'eu_vat', value: 'DE1' } });
    expect(missingPath.ok ? '' : missingPath.error).toMatch(/customer/);
  });

  it('fills the request: a Stripe form body, path values encoded, nested values in brackets', () => {
    const create = candidates.find((c) => c.id === 'op:PostCustomers')!;
    const request = choiceToRequest(create, { parameters: {}, body: { email: 'ada@example.com', metadata: { plan: 'pro' } } });
    expect(request.body).toEqual({ mode: 'form', fields: [{ name: 'email', value: 'ada@example.com' }, { name: 'metadata[plan]', value: 'pro' }] });
    const taxIds = candidates.find((c) => c.id === 'op:PostCustomersCustomerTaxIds')!;
    expect(choiceToRequest(taxIds, { parameters: { customer: 'cus 1/2' }, body: null }).url).toBe('https://api.stripe.com/v1/customers/cus%201%2F2/tax_ids');
    const template = candidates.find((c) => c.id === 'tpl:stripe.create-customer')!;
    const filled = choiceToRequest(template, { parameters: { email: 'ada@example.com', name: 'Ada' }, body: null });
    expect(filled.body).toEqual({ mode: 'form', fields: [{ name: 'email', value: 'ada@example.com' }, { name: 'name', value: 'Ada' }] });
    expect(filled.auth).toEqual({ type: 'basic', username: '{{stripeSecretKey}}', password: '' });
  });
});

describe('prompt size for the Stripe spec (gpt-tokenizer, o200k)', () => {
  it.each(['create a customer', 'refund a charge', 'list invoices of a customer', 'cancel a subscription', 'create a checkout session'])('"%s" stays under 4,000 input tokens', (query) => {
    const prompt = requestPrompt(query, groundCandidates(query, { documents: [stripe], templates }));
    const tokens = encode(`${prompt.system}\n${prompt.prompt}`).length;
    expect(tokens).toBeGreaterThan(100);
    expect(tokens).toBeLessThanOrEqual(4000);
  });
});

describe('secret removal before anything reaches a model', () => {
  const digest: ExecutionDigest = {
    v: 1, executionId: '7', workflowId: 'w1', status: 'error', mode: 'manual', startedAt: null, stoppedAt: null, durationMs: null, retryOf: null,
    failingNode: { name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com/v1/items?api_key=QUERYKEY123&page=2', headerParameters: { parameters: [{ name: 'Authorization', value: '[redacted]' }] } } },
    error: { category: 'auth', name: 'NodeApiError', message: 'Forbidden - perhaps check your credentials? Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIz was refused', httpCode: '403', description: 'token ghp_abcdefghijklmnopqrstuvwxyz012345 has no scope' },
    explanation: 'The API refused the credentials.', fixes: ['Check the credential.'],
    inputItems: { items: [{ email: 'ada@example.com', password: 'hunter2hunter2', nested: { client_secret: 'cs_live_zzz', note: 'sk_live_abcdefghijklmnop' } }], total: 1, truncated: false },
    executionPath: [], timings: [],
  };

  it('the explain payload keeps the error and the data but no key, token or password', () => {
    const text = JSON.stringify(explainPayload(digest));
    for (const secret of ['QUERYKEY123', 'eyJhbGciOiJIUzI1NiJ9', 'ghp_abcdefghijklmnopqrstuvwxyz012345', 'hunter2hunter2', 'cs_live_zzz', 'sk_live_abcdefghijklmnop']) expect(text).not.toContain(secret);
    expect(text).toContain('ada@example.com');
    expect(text).toContain('page=2');
    expect(text).toContain('Forbidden');
  });

  it('leaves ordinary text alone', () => {
    expect(removeSecrets({ message: 'The item was not found', count: 3 })).toEqual({ message: 'The item was not found', count: 3 });
  });

  it('a saved request\'s key in its URL never reaches the prompt', () => {
    const saved = templateSchema.parse({ v: 2, id: 'r1', builtinId: null, isPublic: false, service: 'Mine', name: 'Weather', description: '', tags: [], docsUrl: null, updatedAt: null, request: { v: 1, method: 'GET', url: 'https://user:SAVEDPASS555@api.weather.test/now', query: [{ name: 'appid', value: 'SAVEDKEY999' }, { name: 'q', value: '{{city}}' }], auth: { type: 'bearer', token: 'SAVEDTOKEN777' } } });
    const prompt = requestPrompt('weather now', [candidateFromTemplate(saved)]);
    expect(prompt.prompt).not.toContain('SAVEDKEY999');
    expect(prompt.prompt).not.toContain('SAVEDTOKEN777');
    expect(prompt.prompt).not.toContain('SAVEDPASS555');
    expect(prompt.prompt).toContain('city');
  });
});
