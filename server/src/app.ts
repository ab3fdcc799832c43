import Koa from 'koa';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { errorEnvelope } from './http/errors.ts';
import { requestId } from './http/request-id.ts';
import { openDatabase } from './infra/database.ts';
import { createKv } from './infra/kv.ts';
import { healthRoutes } from './modules/health/routes.ts';
import type { Services } from './services.ts';

export interface App {
  koa: Koa;
  services: Services;
  close(): Promise<void>;
}

/** Builds the whole server (database migrated, Redis or its stand-in connected) without listening. */
export async function bootstrap(config: Config, { logger }: { logger?: Logger } = {}): Promise<App> {
  const log = logger ?? pino({ level: config.logLevel });
  const database = await openDatabase(config.database, log);
  const kv = createKv(config.redis);
  const services: Services = { config, logger: log, database, kv };

  const koa = new Koa({ proxy: false });
  koa.silent = true; // errors are logged once, by the error mapper
  koa.use(requestId());
  koa.use(errorEnvelope(log));
  const health = healthRoutes(services);
  koa.use(health.routes());

  return {
    koa,
    services,
    async close() {
      await kv.close();
      await database.close();
    },
  };
}
