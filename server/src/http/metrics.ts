import type { Middleware } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics, one registry per app (tests boot several apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] });
  const wsConnections = new Gauge({ name: 'ws_connections', help: 'Open WebSocket connections on this process', registers: [registry] });
  const cacheLookups = new Counter({ name: 'cache_lookups_total', help: 'Cache lookups by layer and result', labelNames: ['cache', 'result'], registers: [registry] });
  const cacheHitRatio = new Gauge({ name: 'cache_hit_ratio', help: 'Share of lookups answered by L1 or L2, since start', labelNames: ['cache'], registers: [registry] });
  const pollerInstances = new Gauge({ name: 'poller_instances', help: 'n8n instances this process polls', registers: [registry] });
  const pollerErrors = new Counter({ name: 'poller_errors_total', help: 'Failed polls of n8n instances', registers: [registry] });

  const middleware: Middleware = async (ctx, next) => {
    const stop = duration.startTimer();
    try {
      await next();
    } finally {
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      stop({ method: ctx.method, route });
      requests.inc({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
  return { registry, middleware, wsConnections, cacheLookups, cacheHitRatio, pollerInstances, pollerErrors };
}
export type Metrics = ReturnType<typeof createMetrics>;
