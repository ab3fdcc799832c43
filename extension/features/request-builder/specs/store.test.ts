// The specs store over Dexie (fake-indexeddb here; the real IndexedDB in the e2e and the bench):
// saving what the worker parsed, searching across specs, and building the editor's request.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { placeholderFields } from '@ai-http/shared/request/fields';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSpec, type ParsedSpec } from './import-core.ts';
import { storedSpec } from './schema.ts';
import { SpecStore, SpecsDatabase } from './store.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../../../shared/fixtures/openapi');
let stripe: ParsedSpec;
let github: ParsedSpec;
beforeAll(() => {
  stripe = parseSpec(readFileSync(`${FIXTURES}/stripe-2022-04-12.json`, 'utf8'));
  github = parseSpec(readFileSync(`${FIXTURES}/github-2020-08-30.json`, 'utf8'));
});

const opened: SpecsDatabase[] = [];
const freshStore = () => {
  const db = new SpecsDatabase(`ai-http-specs-test-${opened.length}-${Date.now()}`);
  opened.push(db);
  return new SpecStore(db);
};
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('SpecStore', () => {
  it('keeps both specs, finds "create a customer" in Stripe first, and "close an issue" in GitHub', async () => {
    const store = freshStore();
    const saved = await store.save(stripe, { source: { kind: 'url', url: 'https://example.com/stripe.json' }, now: 1000 });
    await store.save(github, { source: { kind: 'file', name: 'github.json' }, now: 2000 });
    expect((await store.list()).map((s) => [s.title, s.operationCount])).toEqual([
      [github.title, 623],
      ['Stripe API', 417],
    ]);
    expect(saved.storedBytes).toBeLessThan(saved.documentBytes);
    const [first] = await store.searchSpecs('create a customer', 5);
    expect(first).toMatchObject({ specId: saved.id, specTitle: 'Stripe API', operation: { method: 'POST', path: '/v1/customers' } });
    const issue = await store.searchSpecs('close an issue', 5);
    expect(issue.map((h) => `${h.operation.method} ${h.operation.path}`)).toContain('PATCH /repos/{owner}/{repo}/issues/{issue_number}');
    // A new store over the same database (next time the page opens) searches without re-import.
    const again = await new SpecStore(store.db).searchSpecs('create a customer', 1);
    expect(again[0]?.operation.path).toBe('/v1/customers');
  });

  it('re-importing the same API keeps its id and replaces its operations; delete removes both', async () => {
    const store = freshStore();
    const first = await store.save(stripe, { source: { kind: 'url', url: 'https://example.com/stripe.json' }, now: 1000 });
    const trimmed: ParsedSpec = { ...stripe, operations: stripe.operations.slice(0, 10) };
    const second = await store.save(trimmed, { source: { kind: 'text' }, now: 5000 });
    expect(second).toMatchObject({ id: first.id, importedAt: 1000, updatedAt: 5000, operationCount: 10 });
    expect(await store.db.operations.where('specId').equals(first.id).count()).toBe(10);
    // The cached index follows the new content: an operation past the first ten is gone.
    expect((await store.searchSpecs('create a customer', 10)).some((h) => h.operation.path === '/v1/customers')).toBe(false);
    await store.delete(first.id);
    expect(await store.list()).toEqual([]);
    expect(await store.db.operations.count()).toBe(0);
    expect(await store.searchSpecs('customer', 5)).toEqual([]);
  });

  it('requestFor builds Stripe "create a customer" with a filled form body and basic auth, named for a credential', async () => {
    const store = freshStore();
    const { id } = await store.save(stripe, { source: { kind: 'text' } });
    const { request, fieldInfo, credentialHint } = await store.requestFor(id, 'PostCustomers');
    expect(request).toMatchObject({ method: 'POST', url: 'https://api.stripe.com/v1/customers', body: { mode: 'form' } });
    const fields = request.body.mode === 'form' ? request.body.fields.map((f) => f.name) : [];
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'description']));
    expect(fieldInfo.email).toMatchObject({ type: 'string', required: false });
    expect(request.auth.type).toBe('basic');
    expect(credentialHint).toEqual({ type: 'httpBasicAuth', name: 'Stripe API (Basic Auth)', fields: ['User', 'Password'] });
  });

  it('requestFor gives fields for path parameters (GitHub) and honours a chosen server', async () => {
    const store = freshStore();
    const { id } = await store.save(github, { source: { kind: 'text' } });
    const { request, fieldInfo } = await store.requestFor(id, 'repos/get', { server: 'https://github.example.com/api/v3' });
    expect(request.url).toBe('https://github.example.com/api/v3/repos/{{owner}}/{{repo}}');
    const fields = placeholderFields(request, fieldInfo);
    expect(fields.filter((f) => f.where === 'path')).toEqual([
      expect.objectContaining({ name: 'owner', required: true, type: 'string' }),
      expect.objectContaining({ name: 'repo', required: true, type: 'string' }),
    ]);
  });

  it('requestFor on an operation that is gone, or could not be resolved, says so', async () => {
    const store = freshStore();
    await expect(store.requestFor('nope', 'nope')).rejects.toThrow(/import the spec again/);
    const broken = parseSpec(JSON.stringify({ openapi: '3.1.0', info: { title: 'Ext', version: '1' }, paths: { '/a': { post: { operationId: 'postA', requestBody: { content: { 'application/json': { schema: { $ref: 'other.yaml#/Body' } } } } } } } }));
    const { id } = await store.save(broken, { source: { kind: 'text' } });
    await expect(store.requestFor(id, 'postA')).rejects.toThrow(/cannot be used: External reference/);
  });

  it('an operationId used twice keeps the first operation, and the count says what is stored', async () => {
    const store = freshStore();
    const doc = { openapi: '3.1.0', info: { title: 'Twice', version: '1' }, paths: { '/a': { get: { operationId: 'same' } }, '/b': { get: { operationId: 'same' } }, '/c': { get: {} } } };
    const saved = await store.save(parseSpec(JSON.stringify(doc)), { source: { kind: 'text' } });
    expect(saved.operationCount).toBe(2);
    expect((await store.db.operations.toArray()).map((row) => row.operation.path).sort()).toEqual(['/a', '/c']);
  });

  it('rows are versioned: a stored spec without its version field is refused, not misread', () => {
    expect(storedSpec.safeParse({ id: 'x', title: 't' }).success).toBe(false);
  });
});
