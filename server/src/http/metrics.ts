import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, one registry per app (tests boot several apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestRecords = new RequestRecords();
  new Counter({
    name: 'http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry],
    collect() {
      this.reset();
      for (const record of requestRecords.all()) for (const [status, count] of record.statuses) this.inc({ method: record.method, route: record.route, status: String(status) }, count);
    },
  });
  registry.registerMetric(requestRecords.durationHistogram() as unknown as Histogram);
  const wsConnections = new Gauge({ name: 'ws_connections', help: 'Open WebSocket connections on this process', registers: [registry] });
  const cacheLookups = new Counter({ name: 'cache_lookups_total', help: 'Cache lookups by layer and result', labelNames: ['cache', 'result'], registers: [registry] });
  // Each cache reports its own ratio when /metrics is read, not on every lookup.
  const hitRatios = new Map<string, () => number>();
  new Gauge({
    name: 'cache_hit_ratio', help: 'Share of lookups answered by L1 or L2, since start', labelNames: ['cache'], registers: [registry],
    collect() {
      for (const [cache, ratio] of hitRatios) this.set({ cache }, ratio());
    },
  });
  const trackHitRatio = (cache: string, ratio: () => number) => void hitRatios.set(cache, ratio);
  const pollerInstances = new Gauge({ name: 'poller_instances', help: 'n8n instances this process polls', registers: [registry] });
  const pollerErrors = new Counter({ name: 'poller_errors_total', help: 'Failed polls of n8n instances', registers: [registry] });
  const cacheInvalidationFailures = new Counter({ name: 'cache_invalidation_failures_total', help: 'Cache version bumps that did not reach Redis (retried until they do)', labelNames: ['cache'], registers: [registry] });

  const aiTokens = new Counter({ name: 'ai_tokens_total', help: 'Tokens the AI provider counted, by call and direction', labelNames: ['call', 'direction'], registers: [registry] });
  const aiCalls = new Counter({ name: 'ai_calls_total', help: 'AI calls by call and outcome (result, unverified, failed)', labelNames: ['call', 'outcome'], registers: [registry] });

  /** Records one answered request (the edge middleware calls it for every request). */
  const observeRequest = (method: string, route: string, status: number, seconds: number) => requestRecords.observe(method, route, status, seconds);
  const hookNotices = new Counter({ name: 'n8n_hook_notices_total', help: 'Accepted notices from the n8n hook file, by whether they announced the execution (false: the poller had)', labelNames: ['announced'], registers: [registry] });
  // Scheduled jobs (infra/jobs.ts), counted by the process that ran them: sum over processes.
  const jobRuns = new Counter({ name: 'job_runs_total', help: 'Runs of scheduled jobs by job and outcome (completed; retrying: failed, will retry; failed: no attempts left)', labelNames: ['job', 'outcome'], registers: [registry] });
  const jobDuration = new Histogram({ name: 'job_duration_seconds', help: 'Scheduled job run time, failed attempts included', labelNames: ['job'], buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120], registers: [registry] });
  return { registry, observeRequest, aiTokens, aiCalls, wsConnections, cacheLookups, cacheInvalidationFailures, trackHitRatio, pollerInstances, pollerErrors, hookNotices, jobRuns, jobDuration };
}
export type Metrics = ReturnType<typeof createMetrics>;

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface RouteRecord {
  method: string;
  route: string;
  statuses: Map<number, number>;
  /** Requests per duration bucket (not cumulative; the last slot is above every bound). */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Request counts and durations, kept in plain per-route records on the request path and turned
 * into Prometheus series only when /metrics is read: prom-client's own observe() and inc()
 * validate and hash the labels on every call, which cost about 6 % of the API's throughput
 * (server/bench/api.bench.ts).
 */
class RequestRecords {
  private readonly records = new Map<string, RouteRecord>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let record = this.records.get(key);
    if (!record) this.records.set(key, (record = { method, route, statuses: new Map(), buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));
    record.statuses.set(status, (record.statuses.get(status) ?? 0) + 1);
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]!) bucket++;
    record.buckets[bucket]!++;
    record.sum += seconds;
    record.count++;
  }

  all(): IterableIterator<RouteRecord> {
    return this.records.values();
  }

  /** `http_request_duration_seconds` in the shape prom-client's registry formats (as its Histogram.get() returns). */
  durationHistogram() {
    const name = 'http_request_duration_seconds';
    const base = { name, help: 'HTTP request duration', type: 'histogram' as const, aggregator: 'sum' as const };
    return {
      ...base,
      reset: () => this.records.clear(),
      get: async () => {
        const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
        for (const { method, route, buckets, sum, count } of this.records.values()) {
          let cumulative = 0;
          DURATION_BUCKETS.forEach((le, i) => values.push({ metricName: `${name}_bucket`, labels: { le, method, route }, value: (cumulative += buckets[i]!) }));
          values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', method, route }, value: count });
          values.push({ metricName: `${name}_sum`, labels: { method, route }, value: sum });
          values.push({ metricName: `${name}_count`, labels: { method, route }, value: count });
        }
        return { ...base, values };
      },
    };
  }
}
