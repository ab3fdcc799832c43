import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { KoaAdapter } from '@bull-board/koa';
import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import type { Context, Middleware } from 'koa';
import type { Jobs } from '../../infra/jobs.ts';
import type { AuthService } from '../auth/service.ts';
import { UserRepository } from '../users/repository.ts';

export const QUEUES_PATH = '/admin/queues';
const NEEDS_REDIS = 'The queue view needs Redis: without REDIS_URL this server runs its scheduled jobs in process, on timers, with no queue to show. Set REDIS_URL (with DATABASE_URL) to run them on BullMQ and see them here.';

/**
 * The operator view of the scheduled jobs (@bull-board/koa), for admin accounts only. Browsers
 * reach it with HTTP Basic auth (any user name, an API key or access token as the password),
 * which they send again with the view's own requests; scripts send `Authorization: Bearer`.
 */
export function adminQueues(jobs: Jobs, auth: AuthService, em: (ctx: Context) => EntityManager): Middleware {
  let board: Middleware | null = null;
  if (jobs.queue) {
    const adapter = new KoaAdapter();
    adapter.setBasePath(QUEUES_PATH);
    createBullBoard({ queues: [new BullMQAdapter(jobs.queue)], serverAdapter: adapter, options: { uiConfig: { boardTitle: 'AI-HTTP jobs' } } });
    board = adapter.registerPlugin() as Middleware;
  }
  return async (ctx, next) => {
    if (ctx.path !== QUEUES_PATH && !ctx.path.startsWith(`${QUEUES_PATH}/`)) return next();
    let who;
    try {
      who = await auth.authenticate(() => em(ctx), asBearer(ctx.get('authorization')));
    } catch (error) {
      ctx.set('WWW-Authenticate', 'Basic realm="AI-HTTP queues", charset="UTF-8"');
      throw error;
    }
    if (!(await new UserRepository(em(ctx)).isAdmin(who.userId))) throw new AppError('FORBIDDEN', 'The queue view is for admin accounts (ai-http user admin --email <email>).');
    const writes = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    // Browsers resend Basic credentials on their own: a change must come from this page itself.
    if (writes && ctx.get('origin') && originHost(ctx.get('origin')) !== ctx.host) throw new AppError('FORBIDDEN', 'Queue changes are accepted only from the queue view itself.');
    if (writes && !who.scopes.includes('write')) throw new AppError('FORBIDDEN', 'This API key may only read.');
    if (!board) throw new AppError('SERVICE_UNAVAILABLE', NEEDS_REDIS);
    // The server's policy with the view's own images (its logo, icons) allowed; its web font stays out.
    ctx.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
    await board(ctx, next);
  };
}

/** `Basic <user:secret>` read as `Bearer <secret>`; anything else as it came. */
function asBearer(header: string): string {
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  if (!basic) return header;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return `Bearer ${decoded.slice(decoded.indexOf(':') + 1)}`;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
