import type Router from '@koa/router';
import { AppError } from '@ai-http/shared';
import { reply } from '../../http/envelope.ts';
import { STORE_RETRY_SECONDS } from '../../http/edge.ts';
import type { Services } from '../../services.ts';

/**
 * Liveness answers while the process runs; readiness checks what requests depend on: the
 * database answers and holds the schema this code expects (every migration applied), and Redis
 * answers. What failed is named; why (driver errors, with addresses and database names) goes to
 * the log only, since /readyz answers anyone.
 */
export function healthRoutes(router: Router, services: Services): void {
  router.get('/healthz', (ctx) => reply(ctx, { status: 'ok' }));
  router.get('/readyz', async (ctx) => {
    const { database, kv, logger } = services;
    const checks = await Promise.all([
      check('database', database.kind, () => database.ping()),
      check('schema', database.kind, async () => {
        if (!(await database.schemaIsCurrent())) throw new Error('migrations are pending: run `ai-http migrate` or restart the server');
      }),
      check('redis', kv.kind, () => kv.ping()),
    ]);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length) {
      logger.warn({ checks: failed }, 'not ready');
      const shown = checks.map(({ error: _error, ...shownCheck }) => shownCheck);
      throw new AppError('SERVICE_UNAVAILABLE', `Not ready: ${failed.map((c) => c.name).join(', ')}.`, { checks: shown, retryAfterSeconds: STORE_RETRY_SECONDS });
    }
    reply(ctx, { status: 'ready', checks });
  });
}

async function check(name: string, kind: string, probe: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await withTimeout(probe(), 2_000);
    return { name, kind, ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, kind, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
