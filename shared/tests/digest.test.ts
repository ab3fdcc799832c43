import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeExecution } from '../src/n8n/digest.ts';
import { executionDigest } from '../src/n8n/digest-schema.ts';

// Real executions recorded from n8n 2.40.7 by scripts/record-executions.mjs.
const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/executions', `${name}.json`), 'utf8')) as Record<string, unknown> & { data: Record<string, unknown> };

describe('summarizeExecution on recorded executions', () => {
  it.each([
    ['closed-port', 'Call API', 'n8n-nodes-base.httpRequest', 'connection', /Retry On Fail/],
    ['http-401', 'Call API', 'n8n-nodes-base.httpRequest', 'auth', /credential/],
    ['http-404', 'Get Order', 'n8n-nodes-base.httpRequest', 'not_found', /URL field/],
    ['http-429', 'Call API', 'n8n-nodes-base.httpRequest', 'rate_limit', /Batching/],
    ['code-error', 'Compute Total', 'n8n-nodes-base.code', 'code', /Code node/],
    ['expression-unexecuted-node', 'Set Customer', 'n8n-nodes-base.set', 'expression', /\$\("…"\)/],
  ])('%s: failing node %s (%s), category %s, fixes that name the setting', (name, node, type, category, fix) => {
    const digest = executionDigest.parse(summarizeExecution(fixture(name)));
    expect(digest.status).toBe('error');
    expect(digest.mode).toBe('webhook');
    expect(digest.failingNode).toMatchObject({ name: node, type });
    expect(digest.error?.category).toBe(category);
    expect(digest.explanation).toBeTruthy();
    expect(digest.fixes.join('\n')).toMatch(fix);
    expect(digest.executionPath).toEqual(['Webhook', node]);
    expect(digest.timings.map((t) => t.node)).toEqual(['Webhook', node]);
    expect(digest.timings[1]!.status).toBe('error');
    expect(digest.durationMs).toBeGreaterThanOrEqual(0);
    // The item the webhook passed on is what the failing node received.
    expect(digest.inputItems).toMatchObject({ total: 1, truncated: false });
    expect((digest.inputItems.items[0] as { body: unknown }).body).toEqual({ order: { id: 42, total: null }, customer: 'ada@example.com' });
  });

  it('finds the failing node of a Code node error, whose error names no node', () => {
    const raw = fixture('code-error');
    expect((raw.data.resultData as { error: { node?: unknown } }).error.node).toBeUndefined();
    expect(summarizeExecution(raw).failingNode?.name).toBe('Compute Total');
  });

  it('keeps the HTTP code and removes secrets from the failing node parameters', () => {
    const raw = fixture('http-401');
    expect(JSON.stringify(raw)).toContain('sk_live_recorded_secret');
    const digest = summarizeExecution(raw);
    expect(digest.error).toMatchObject({ httpCode: '401', name: 'NodeApiError' });
    expect(JSON.stringify(digest)).not.toContain('sk_live_recorded_secret');
    expect(digest.failingNode?.parameters.headerParameters).toEqual({ parameters: [{ name: 'Authorization', value: '[redacted]' }] });
  });

  it('summarises a success with no failing node and no error', () => {
    const digest = summarizeExecution(fixture('success'));
    expect(digest).toMatchObject({ status: 'success', failingNode: null, error: null, explanation: null, fixes: [] });
    expect(digest.executionPath).toEqual(['Webhook', 'Call API']);
  });
});

describe('summarizeExecution on the shapes n8n can produce', () => {
  const base = fixture('closed-port');

  it('reads the 1.x shape: no status field, data as a flatted string', () => {
    const { status: _status, ...rest } = base;
    // flatted: every object and string lives in a table and is referred to by its index.
    const table: unknown[] = [];
    const add = (value: unknown): string => {
      const index = table.length;
      table.push(null);
      if (Array.isArray(value)) table[index] = value.map((v) => (typeof v === 'object' && v !== null ? add(v) : typeof v === 'string' ? add(v) : v));
      else if (typeof value === 'object' && value !== null) table[index] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'object' && v !== null ? add(v) : typeof v === 'string' ? add(v) : v]));
      else table[index] = value;
      return String(index);
    };
    add(base.data);
    const digest = summarizeExecution({ ...rest, finished: false, data: JSON.stringify(table) });
    expect(digest).toMatchObject({ status: 'error', failingNode: { name: 'Call API' }, error: { category: 'connection' } });
  });

  it('says why input items are missing: too large, redacted, or not recorded', () => {
    expect(summarizeExecution({ ...base, data: { ...base.data, dataTooLargeToDisplay: true } }).inputItems).toEqual({ items: [], total: 0, truncated: false, unavailable: 'tooLarge' });
    expect(summarizeExecution({ ...base, data: { ...base.data, redactionInfo: { isRedacted: true, reason: 'policy' } } }).inputItems.unavailable).toBe('redacted');
    const { data: _data, ...withoutData } = base;
    const bare = summarizeExecution(withoutData);
    expect(bare.inputItems.unavailable).toBe('notRecorded');
    expect(bare.status).toBe('error');
  });

  it('caps the input items by count and by size, and says so', () => {
    const runData = structuredClone((base.data.resultData as { runData: Record<string, { data: { main: unknown[][] } }[]> }).runData);
    runData.Webhook![0]!.data.main[0] = Array.from({ length: 500 }, (_, i) => ({ json: { i, blob: 'x'.repeat(1000) } }));
    const data = { ...base.data, resultData: { ...(base.data.resultData as object), runData } };
    const byCount = summarizeExecution({ ...base, data }, { maxItems: 5 });
    expect(byCount.inputItems).toMatchObject({ total: 500, truncated: true });
    expect(byCount.inputItems.items).toHaveLength(5);
    const bySize = summarizeExecution({ ...base, data }, { maxItems: 100, maxItemBytes: 10_000 });
    expect(bySize.inputItems.items.length).toBeLessThan(10);
    expect(bySize.inputItems.truncated).toBe(true);
  });

  it('refuses input that is not an execution, clearly', () => {
    expect(() => summarizeExecution('nope')).toThrow(/JSON object/);
    expect(() => summarizeExecution({ hello: 'world' })).toThrow(/not an n8n execution/);
  });
});
