import { randomUUID } from 'node:crypto';
import type { Server, ServerOptions } from 'node:http';
import { hostname } from 'node:os';
import type { EntityManager } from '@mikro-orm/sql';
import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { ApiRegistry } from './http/api.ts';
import { readJsonBody } from './http/body.ts';
import { answerClientError, edge, REDACT_PATHS } from './http/edge.ts';
import { RawJson } from './http/envelope.ts';
import { createMetrics } from './http/metrics.ts';
import { enforceRateLimit, WindowRateLimiter } from './http/rate-limit.ts';
import { TwoLevelCache } from './infra/cache.ts';
import { openDatabase } from './infra/database.ts';
import { createJobs, type Jobs } from './infra/jobs.ts';
import { createKv } from './infra/kv.ts';
import { policedFetch } from './infra/outbound.ts';
import { SecretBox } from './infra/secret-box.ts';
import { adminQueues } from './modules/admin/queues.ts';
import { InstanceRepository } from './modules/instances/repository.ts';
import { hookRoutes } from './modules/hooks/routes.ts';
import { aiRoutes } from './modules/ai/routes.ts';
import { apiKeyRoutes } from './modules/api-keys/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { AuthService, loginLimiter, registerLimiter } from './modules/auth/service.ts';
import { SessionRevocations } from './modules/auth/revocations.ts';
import { AccessTokens } from './modules/auth/tokens.ts';
import { docsRoutes } from './modules/docs/routes.ts';
import { entities } from './modules/entities.ts';
import { createExecutionPoller } from './modules/executions/poller.ts';
import { executionRoutes } from './modules/executions/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { runIdempotent } from './modules/idempotency/replay.ts';
import { instanceRoutes } from './modules/instances/routes.ts';
import { requestRoutes } from './modules/requests/routes.ts';
import { ExecutionEventLog } from './modules/stream/event-log.ts';
import { createExecutionStream } from './modules/stream/stream.ts';
import { SyncNudges } from './modules/sync/nudges.ts';
import { syncRoutes } from './modules/sync/routes.ts';
import { writeThrough } from './modules/sync/write-through.ts';
import { templateRoutes } from './modules/templates/routes.ts';
import { seedBuiltinTemplates } from './modules/templates/seed.ts';
import { scheduleJobs } from './schedule.ts';
import type { Services } from './services.ts';

declare module 'koa' {
  interface DefaultState {
    em?: EntityManager;
    /** The request body as received, when it was read (see http/body.ts). */
    rawBody?: string;
  }
}

export interface App {
  koa: Koa;
  services: Services;
  api: ApiRegistry;
  auth: AuthService;
  /** Present when POLLER_ENABLED: this process's share of the n8n polling. */
  poller: ReturnType<typeof createExecutionPoller> | undefined;
  /** The scheduled jobs (schedule.ts lists them): on BullMQ with Redis, on timers in this process without. */
  jobs: Jobs;
  /** Adds the WebSocket endpoint (/ws), and the envelope for requests Node refuses, to the HTTP server that serves `koa`. */
  attach(server: Server): void;
  close(): Promise<void>;
}

/**
 * Options for the HTTP server that serves `koa`. Node answers an HTTP/1.1 request without a Host
 * header with its own bare 400; the edge answers it in the envelope instead.
 */
export const HTTP_SERVER_OPTIONS: ServerOptions = { requireHostHeader: false };

export interface BootstrapOptions {
  logger?: Logger;
  /**
   * Check every answer against its route's documented `response` schema (a mismatch is a 500),
   * so a drift fails a test. On by default when NODE_ENV=test; benchmarks turn it off, because it
   * parses and validates every answer, cached ones included.
   */
  validateResponses?: boolean;
}

/** Builds the whole server (database migrated, Redis or its stand-in connected) without listening. */
export async function bootstrap(config: Config, { logger, validateResponses = config.env === 'test' }: BootstrapOptions = {}): Promise<App> {
  const log = logger ?? pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  const database = await openDatabase(config.database, log, entities);
  const kv = createKv(config.redis);
  // Connect now, so libraries that use the client directly (rate limits) find it ready. A Redis
  // that is down is reported by /readyz instead of stopping the start.
  await kv.ping().catch((error: Error) => log.warn({ err: error }, 'Redis is not reachable yet'));
  const metrics = createMetrics();
  const cache = new TwoLevelCache('api', kv, metrics, (text) => new RawJson(text), {
    onError: (error, scope) => log.warn({ err: error, scope }, 'cache invalidation did not reach Redis; retrying until it does'),
  });
  const outbound = policedFetch({ allowPrivate: config.n8n.allowPrivate });
  const services: Services = {
    config,
    logger: log,
    database,
    kv,
    metrics,
    cache,
    tokens: new AccessTokens(config.secrets.jwtSecret),
    revocations: new SessionRevocations(kv, log),
    secretBox: new SecretBox(config.secrets.encryptionKey, config.secrets.previousEncryptionKeys, () => new InstanceRepository(database.fork()).dataKeys()),
    eventLog: new ExecutionEventLog(kv),
    syncNudges: new SyncNudges(kv),
    n8nFetch: outbound.fetch,
  };
  await services.revocations.start();
  await services.secretBox.start((error) => log.warn({ err: error }, 'could not read the data keys; retrying'));
  const auth = new AuthService(services, loginLimiter(kv), registerLimiter(kv, config.registerLimitPerHour));
  await seedBuiltinTemplates(database.fork());
  // One unit of work per request: entities never leak between requests or users.
  const em = (ctx: Context): EntityManager => (ctx.state.em ??= database.fork());

  const api = new ApiRegistry({ validateResponses });
  authRoutes(api, auth, em);
  apiKeyRoutes(api, em);
  const through = writeThrough(em, services.secretBox, services.syncNudges, log);
  instanceRoutes(api, em, services, through);
  templateRoutes(api, em, cache, services.secretBox, through);
  requestRoutes(api, em, services.secretBox, through);
  syncRoutes(api, em, services.secretBox, cache, services.syncNudges, log);
  executionRoutes(api, em);
  hookRoutes(api, em, services);
  const ai = aiRoutes(api, em, services);

  // Behind the proxy (TRUST_PROXY), the client is the last X-Forwarded-For hop, the address the
  // proxy saw: the rate limits then count each client, not the proxy as one. Without it, the header
  // is ignored (anyone can write it).
  const koa = new Koa({ proxy: config.trustProxy, maxIpsCount: 1 });
  koa.silent = true; // errors are logged once, by the error mapper
  koa.use(edge({ logger: log, metrics, corsOrigins: config.corsOrigins }));
  const jobs = createJobs(config.redis, { logger: log, metrics });
  scheduleJobs(jobs, services);
  koa.use(adminQueues(jobs, auth, em));
  // One router: operations routes (health, metrics, docs) answer without a rate limit or auth;
  // API routes run the rate limit, auth, body and validation steps first.
  const router = new Router();
  healthRoutes(router, services);
  docsRoutes(router, api, metrics, { token: config.metricsToken, production: config.env === 'production' });
  const limiter = new WindowRateLimiter({ points: config.rateLimitPerMinute, windowMs: 60_000, redis: kv.redis });
  api.mount(router, {
    rateLimit: (ctx) => enforceRateLimit(limiter, ctx),
    authenticate: (ctx) => auth.authenticate(() => em(ctx), ctx.get('authorization')),
    readBody: (ctx) => readJsonBody(ctx, config.bodyLimitBytes),
    idempotent: (ctx, who, route, body, status, run) => runIdempotent(em(ctx), ctx, who, route, body, status, run),
  });
  koa.use(router.routes());
  koa.use(router.allowedMethods({ throw: true }));

  const poller = config.poller.enabled ? createExecutionPoller(services, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`) : undefined;
  poller?.coordinator.start();
  const stream = await createExecutionStream(services, { pollSoon: (instanceId) => poller?.coordinator.pollSoon(instanceId) });

  return {
    koa,
    services,
    api,
    auth,
    poller,
    jobs,
    attach(server) {
      server.on('clientError', answerClientError);
      stream.attach(server);
    },
    async close() {
      await poller?.coordinator.stop();
      await jobs.close();
      await stream.close();
      await services.revocations.stop();
      services.secretBox.stop();
      await cache.stop();
      await limiter.close();
      await ai.close();
      await kv.close();
      await outbound.close();
      await database.close();
    },
  };
}
