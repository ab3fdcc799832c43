// The dashboard without a server: the same read models (stats, workflow health, failures) computed
// from a sample, the last executions read from n8n directly, so the page draws them unchanged. Pure,
// with the clock passed in. Figures cover only the sampled runs, which the page says.
import { READ_RANGE_MS, type ExecutionSummaryView, type Page, type PeriodTotals, type ReadRange, type StatsBucket, type StatsView, type WorkflowHealth, type WorkflowHealthList } from '@ai-http/shared/api/resources';
import { isFailedStatus, type ErrorCategory, type ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';

/** One sampled run: its digest, the n8n it came from (its address stands for the instance id) and its workflow's name. */
export interface SampledRun {
  instanceId: string;
  workflowName: string | null;
  digest: ExecutionDigest;
}

/** How the sample was taken, for the page to say. */
export interface SampleInfo {
  /** Executions read in all. */
  executions: number;
  /** The most read from each n8n. */
  perInstance: number;
  instances: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

const startOf = (run: SampledRun) => (run.digest.startedAt ? Date.parse(run.digest.startedAt) : NaN);
const inWindow = (runs: SampledRun[], from: number, to: number) => runs.filter((run) => startOf(run) >= from && startOf(run) < to);

/** Nearest-rank percentile of the durations (null without any). */
function percentile(durations: number[], q: number): number | null {
  if (!durations.length) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
}

function totals(runs: SampledRun[]): PeriodTotals {
  const failures = runs.filter((run) => isFailedStatus(run.digest.status)).length;
  const durations = runs.flatMap((run) => (run.digest.durationMs === null ? [] : [run.digest.durationMs]));
  return { runs: runs.length, failures, failureRate: runs.length ? failures / runs.length : 0, p50DurationMs: percentile(durations, 0.5), p95DurationMs: percentile(durations, 0.95) };
}

const categoryOf = (run: SampledRun): ErrorCategory | null => (isFailedStatus(run.digest.status) ? (run.digest.error?.category ?? null) : null);

/** Runs, failures by category and durations per UTC hour (24 h) or day, and the totals against the window before. */
export function sampleStats(runs: SampledRun[], range: ReadRange, now: number): StatsView {
  const to = now;
  const from = now - READ_RANGE_MS[range];
  const bucket = range === '24h' ? 'hour' : 'day';
  const size = bucket === 'hour' ? HOUR : DAY;
  const buckets: StatsBucket[] = [];
  for (let start = Math.floor(from / size) * size; start < to; start += size) {
    const inBucket = inWindow(runs, Math.max(start, from), Math.min(start + size, to));
    const failuresByCategory: StatsBucket['failuresByCategory'] = {};
    for (const run of inBucket) {
      const category = categoryOf(run);
      if (category) failuresByCategory[category] = (failuresByCategory[category] ?? 0) + 1;
    }
    const { runs: count, failures, p50DurationMs, p95DurationMs } = totals(inBucket);
    buckets.push({ start: new Date(start).toISOString(), runs: count, failures, failuresByCategory, p50DurationMs, p95DurationMs });
  }
  return { v: 1, range, from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket, buckets, totals: totals(inWindow(runs, from, to)), previous: totals(inWindow(runs, from - READ_RANGE_MS[range], from)) };
}

/** Every workflow that ran in the window, most failures first (then most runs), like the server's. */
export function sampleWorkflows(runs: SampledRun[], range: ReadRange, now: number): WorkflowHealthList {
  const from = now - READ_RANGE_MS[range];
  const groups = new Map<string, SampledRun[]>();
  for (const run of inWindow(runs, from, now)) {
    const key = `${run.instanceId}\n${run.digest.workflowId}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const items: WorkflowHealth[] = [...groups.values()].map((group) => {
    const figures = totals(group);
    const counts = new Map<ErrorCategory, number>();
    for (const run of group) {
      const category = categoryOf(run);
      if (category) counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    return {
      instanceId: group[0]!.instanceId,
      workflowId: group[0]!.digest.workflowId,
      name: group[0]!.workflowName,
      runs: figures.runs,
      failures: figures.failures,
      failureRate: figures.failureRate,
      lastRunAt: new Date(Math.max(...group.map(startOf))).toISOString(),
      p95DurationMs: figures.p95DurationMs,
      topErrorCategory: top ? top[0] : null,
    };
  });
  items.sort((a, b) => b.failures - a.failures || b.runs - a.runs);
  return { v: 1, range, from: new Date(from).toISOString(), to: new Date(now).toISOString(), items };
}

/** A sampled run's id in the list rows: its n8n's address and n8n's execution id. */
export const sampleExecutionId = (run: Pick<SampledRun, 'instanceId' | 'digest'>) => `${run.instanceId}#${run.digest.executionId}`;

/** The sampled runs as list rows, newest first: every one, or those of one workflow, or only failures. */
export function sampleExecutions(runs: SampledRun[], { failedOnly = false, workflowId, instanceId, limit }: { failedOnly?: boolean; workflowId?: string | undefined; instanceId?: string | undefined; limit: number }): Page<ExecutionSummaryView> {
  const items = runs
    .filter((run) => (!failedOnly || isFailedStatus(run.digest.status)) && (!workflowId || run.digest.workflowId === workflowId) && (!instanceId || run.instanceId === instanceId))
    .sort((a, b) => startOf(b) - startOf(a))
    .slice(0, limit)
    .map(({ instanceId: instance, digest }) => ({
      v: 1 as const,
      id: sampleExecutionId({ instanceId: instance, digest }),
      instanceId: instance,
      executionId: digest.executionId,
      workflowId: digest.workflowId,
      status: digest.status,
      mode: digest.mode,
      startedAt: digest.startedAt ?? new Date(0).toISOString(),
      stoppedAt: digest.stoppedAt,
      durationMs: digest.durationMs === null ? null : Math.round(digest.durationMs),
      errorCategory: categoryOf({ instanceId: instance, workflowName: null, digest }),
      failingNode: digest.failingNode?.name ?? null,
      errorMessage: digest.error?.message ?? null,
    }));
  // The whole sample is in memory: one page holds all there is.
  return { items, nextCursor: null };
}
