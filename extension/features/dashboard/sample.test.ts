// The dashboard's figures from a sample of n8n's executions (no server): buckets, totals against the
// previous window, workflow health and the list rows, on hand-made digests with a fixed clock.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { describe, expect, it } from 'vitest';
import { sampleExecutions, sampleStats, sampleWorkflows, type SampledRun } from './sample.ts';

const NOW = Date.parse('2026-11-29T12:30:00Z');
const HOUR = 3_600_000;

function run(id: number, hoursAgo: number, status: ExecutionDigest['status'], { workflowId = 'wf-a', category = null, durationMs = 100 }: { workflowId?: string; category?: NonNullable<ExecutionDigest['error']>['category'] | null; durationMs?: number } = {}): SampledRun {
  return {
    instanceId: 'http://n8n.test',
    workflowName: `Workflow ${workflowId}`,
    digest: {
      v: 1,
      executionId: String(id),
      workflowId,
      status,
      mode: 'webhook',
      startedAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
      stoppedAt: null,
      durationMs,
      retryOf: null,
      failingNode: category ? { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: {} } : null,
      error: category ? { category, name: 'NodeApiError', message: `failed ${id}`, httpCode: null, description: null } : null,
      explanation: null,
      fixes: [],
      inputItems: { items: [], total: 0, truncated: false },
      executionPath: [],
      timings: [],
    },
  };
}

const RUNS = [
  run(1, 0.2, 'error', { category: 'connection', durationMs: 300 }),
  run(2, 1.2, 'success', { durationMs: 100 }),
  run(3, 1.5, 'error', { category: 'auth', workflowId: 'wf-b', durationMs: 200 }),
  run(4, 5, 'crashed', { category: 'connection', workflowId: 'wf-b', durationMs: 50 }),
  run(5, 30, 'success', { durationMs: 80 }), // the previous 24 hours
  run(6, 60, 'error', { category: 'timeout' }), // older than both windows
];

describe('dashboard sample', () => {
  it('buckets the last 24 hours by UTC hour, with failures by category and totals against the day before', () => {
    const stats = sampleStats(RUNS, '24h', NOW);
    expect(stats.bucket).toBe('hour');
    expect(stats.buckets).toHaveLength(25); // the first hour starts before the window
    expect(stats.buckets[0]!.start).toBe('2026-11-28T12:00:00.000Z');
    expect(stats.buckets.reduce((sum, bucket) => sum + bucket.runs, 0)).toBe(4);
    expect(stats.buckets.at(-1)).toMatchObject({ start: '2026-11-29T12:00:00.000Z', runs: 1, failures: 1, failuresByCategory: { connection: 1 } });
    expect(stats.buckets.at(-2)).toMatchObject({ runs: 2, failures: 1, failuresByCategory: { auth: 1 } });
    expect(stats.totals).toEqual({ runs: 4, failures: 3, failureRate: 0.75, p50DurationMs: 100, p95DurationMs: 300 });
    expect(stats.previous).toEqual({ runs: 1, failures: 0, failureRate: 0, p50DurationMs: 80, p95DurationMs: 80 });
  });

  it('buckets 7 days by UTC day', () => {
    const stats = sampleStats(RUNS, '7d', NOW);
    expect(stats.bucket).toBe('day');
    expect(stats.buckets).toHaveLength(8);
    expect(stats.totals.runs).toBe(6);
  });

  it('lists the workflows that ran, most failures first, with their top category', () => {
    const { items } = sampleWorkflows(RUNS, '24h', NOW);
    expect(items.map((item) => [item.workflowId, item.runs, item.failures, item.topErrorCategory])).toEqual([
      ['wf-b', 2, 2, 'auth'],
      ['wf-a', 2, 1, 'connection'],
    ]);
    expect(items[1]!.lastRunAt).toBe(new Date(NOW - 0.2 * HOUR).toISOString());
  });

  it('gives list rows newest first: failures only, or one workflow', () => {
    expect(sampleExecutions(RUNS, { failedOnly: true, limit: 10 }).items.map((item) => item.executionId)).toEqual(['1', '3', '4', '6']);
    const rows = sampleExecutions(RUNS, { workflowId: 'wf-b', limit: 1 });
    expect(rows).toMatchObject({ nextCursor: null, items: [{ executionId: '3', status: 'error', errorCategory: 'auth', failingNode: 'Call API', errorMessage: 'failed 3' }] });
  });
});
