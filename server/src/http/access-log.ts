import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/**
 * One log line per request. It names the route, never the query string, headers or body, which
 * is where tokens, passwords and API keys travel; pino's redaction covers the rest.
 */
export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      logger.info({ requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started), userId: ctx.state.auth?.userId }, 'request');
    }
  };
}

/** Paths pino blanks out wherever they appear in a logged object. */
export const REDACT_PATHS = ['authorization', 'password', 'passwordHash', 'apiKey', 'token', 'refreshToken', 'accessToken', '*.authorization', '*.password', '*.passwordHash', '*.apiKey', '*.token', '*.refreshToken', '*.accessToken', 'req.headers.authorization', 'req.headers.cookie'];
