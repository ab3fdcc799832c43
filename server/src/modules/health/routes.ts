import type Router from '@koa/router';
import { AppError } from '@ai-http/shared';
import { reply } from '../../http/envelope.ts';
import type { Services } from '../../services.ts';

/** Liveness answers while the process runs; readiness checks what requests depend on. */
export function healthRoutes(router: Router, services: Services): void {
  router.get('/healthz', (ctx) => reply(ctx, { status: 'ok' }));
  router.get('/readyz', async (ctx) => {
    const checks = await Promise.all([
      check('database', services.database.kind, () => services.database.ping()),
      check('redis', services.kv.kind, () => services.kv.ping()),
    ]);
    if (checks.some((c) => !c.ok)) {
      throw new AppError('SERVICE_UNAVAILABLE', `Not ready: ${checks.filter((c) => !c.ok).map((c) => `${c.name} (${c.error})`).join(', ')}.`, { checks });
    }
    reply(ctx, { status: 'ready', checks });
  });
}

async function check(name: string, kind: string, ping: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await withTimeout(ping(), 2_000);
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
