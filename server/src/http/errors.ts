import type { Middleware } from 'koa';
import { AppError, ERROR_CODES, type ErrorCode } from '@ai-http/shared';
import type { Logger } from 'pino';

/**
 * The one place that turns failures into the envelope `{success:false, error:{code,message,details}}`.
 * AppErrors keep their code; errors raised by Koa and its body parser (which carry an HTTP
 * status) map to the matching code; anything else is a 500 whose cause only goes to the log.
 */
export function errorEnvelope(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `No route matches ${ctx.method} ${ctx.path}.`, { method: ctx.method, path: ctx.path });
      }
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.status >= 500) logger.error({ err: thrown, requestId: ctx.state.requestId }, 'request failed');
      ctx.status = error.status;
      ctx.body = error.toEnvelope();
      if (error.code === 'RATE_LIMITED' && typeof (error.details as { retryAfterSeconds?: number })?.retryAfterSeconds === 'number') {
        ctx.set('Retry-After', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
      }
    }
  };
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  const status = (thrown as { status?: unknown; statusCode?: unknown })?.status ?? (thrown as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (thrown as { type?: string }).type === 'entity.parse.failed' ? 'INVALID_JSON' : (STATUS_TO_CODE[status] ?? 'BAD_REQUEST');
    // 4xx messages from Koa's own helpers are written for clients; keep them when they are short.
    const message = (thrown as { expose?: boolean }).expose && thrown instanceof Error ? thrown.message : ERROR_CODES[code].message;
    return new AppError(code, message);
  }
  return new AppError('INTERNAL');
}
