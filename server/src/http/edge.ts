import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context, Middleware } from 'koa';
import { AppError, ERROR_CODES, type ErrorCode } from '@ai-http/shared';
import { CLIENT_HEADER, clientVersionProblem } from '@ai-http/shared/version';
import type { Logger } from 'pino';
import { isStoreOutage } from '../infra/database.ts';
import { isKvOutage } from '../infra/kv.ts';
import type { Metrics } from './metrics.ts';

/**
 * The edge of every request, in one middleware (one frame instead of six keeps the cost per
 * request low; see docs/PERFORMANCE.md), in this order:
 * 1. a request id: a well-formed incoming X-Request-Id (from a proxy), or a new one, echoed back;
 * 2. security headers on every answer;
 * 3. CORS for the extension's pages and the configured origins only, preflights answered here;
 * 4. the one error mapper that turns failures into `{success:false, error:{code,message,details}}`,
 *    which also refuses an extension whose version this server does not speak (CLIENT_UNSUPPORTED);
 * 5. the request's duration and count for /metrics, by route pattern;
 * 6. one access-log line, naming the route but never the query string, headers or body (where
 *    tokens, passwords and API keys travel); pino's redaction covers the rest.
 */
export function edge({ logger, metrics, corsOrigins }: { logger: Logger; metrics: Metrics; corsOrigins: readonly string[] }): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    // Straight onto the response: the values are constant strings, Koa's conversions add nothing.
    for (const [name, value] of SECURITY_HEADERS) ctx.res.setHeader(name, value);
    ctx.res.setHeader('X-Request-Id', requestId);
    try {
      if (ctx.req.httpVersion === '1.1' && !ctx.get('host')) throw new AppError('BAD_REQUEST', 'An HTTP/1.1 request needs a Host header.');
      if (!answerCors(ctx, corsOrigins)) {
        const unspoken = clientVersionProblem(ctx.get(CLIENT_HEADER) || undefined);
        if (unspoken) throw unspoken;
        await next();
        if (ctx.status === 404 && ctx.body === undefined) {
          throw new AppError('NOT_FOUND', `No route matches ${ctx.method} ${ctx.path}.`, { method: ctx.method, path: ctx.path });
        }
        // The router answers OPTIONS with the Allow header and an empty 200: say "no content".
        if (ctx.method === 'OPTIONS' && ctx.status === 200 && !ctx.body) ctx.status = 204;
      }
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.status >= 500) logger.error({ err: thrown, requestId }, 'request failed');
      ctx.status = error.status;
      ctx.body = error.toEnvelope();
      const retryAfterSeconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfterSeconds === 'number') ctx.set('Retry-After', String(retryAfterSeconds));
    } finally {
      const ms = performance.now() - started;
      // The matched route pattern, not the raw path, keeps label cardinality bounded.
      metrics.observeRequest(ctx.method, (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched', ctx.status, ms / 1000);
      if (logger.isLevelEnabled('info')) logger.info({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms), userId: ctx.state.auth?.userId }, 'request');
    }
  };
}

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** No sniffing, no framing, no referrer leaks, HTTPS kept. */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-site'],
  ['Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
];

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;

export const isAllowedOrigin = (origin: string, configured: readonly string[]) => EXTENSION_ORIGIN.test(origin) || configured.includes(origin);

/** Adds the CORS headers for an allowed origin; returns true when it answered a preflight itself. */
function answerCors(ctx: Context, configured: readonly string[]): boolean {
  const origin = ctx.get('origin');
  if (!origin || !isAllowedOrigin(origin, configured)) return false; // other origins get no CORS headers
  ctx.vary('Origin');
  ctx.set('Access-Control-Allow-Origin', origin);
  ctx.set('Access-Control-Allow-Credentials', 'true');
  if (ctx.method !== 'OPTIONS' || !ctx.get('access-control-request-method')) return false;
  ctx.set('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE');
  ctx.set('Access-Control-Allow-Headers', `Authorization,Content-Type,X-Request-Id,${CLIENT_HEADER}`);
  ctx.set('Access-Control-Max-Age', '600');
  ctx.status = 204;
  return true;
}

/**
 * Requests Node's HTTP parser refuses before Koa sees them (headers too large, malformed) get the
 * envelope too, instead of Node's bare status line. For `server.on('clientError', …)`.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  endWithError(socket, error.code === 'HPE_HEADER_OVERFLOW' ? new AppError('HEADERS_TOO_LARGE') : new AppError('BAD_REQUEST', 'The request could not be parsed as HTTP.'));
}

/** Answers `problem` in the envelope straight on a socket Koa does not serve (a refused request, an upgrade), and closes it. */
export function endWithError(socket: Duplex, problem: AppError): void {
  const body = JSON.stringify(problem.toEnvelope());
  socket.end(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
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
  431: 'HEADERS_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * AppErrors keep their code; an unreachable database or Redis is a 503 the client may retry; errors raised
 * by Koa and its helpers (which carry an HTTP status) map to the matching code; anything else is a
 * 500. The cause of a 503 or a 500 only goes to the log.
 */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (isStoreOutage(thrown)) return new AppError('SERVICE_UNAVAILABLE', STORE_DOWN, { retryAfterSeconds: STORE_RETRY_SECONDS });
  if (isKvOutage(thrown)) return new AppError('SERVICE_UNAVAILABLE', KV_DOWN, { retryAfterSeconds: STORE_RETRY_SECONDS });
  const status = (thrown as { status?: unknown; statusCode?: unknown })?.status ?? (thrown as { statusCode?: unknown })?.statusCode;
  // The router's 501 for a method it does not know (PROPFIND, PURGE, TRACE…): the client's to fix, like a 405.
  if (status === 501) return new AppError('METHOD_NOT_ALLOWED');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (thrown as { type?: string }).type === 'entity.parse.failed' ? 'INVALID_JSON' : (STATUS_TO_CODE[status] ?? 'BAD_REQUEST');
    // 4xx messages from Koa's own helpers are written for clients; keep them.
    const message = (thrown as { expose?: boolean }).expose && thrown instanceof Error ? thrown.message : ERROR_CODES[code].message;
    return new AppError(code, message);
  }
  return new AppError('INTERNAL');
}

export const STORE_DOWN = 'The database is not reachable right now. Try again in a few seconds.';
export const STORE_RETRY_SECONDS = 5;
const KV_DOWN = 'Redis, which this request needs, is not reachable right now. Try again in a few seconds.';

/** Paths pino blanks out wherever they appear in a logged object. */
export const REDACT_PATHS = ['authorization', 'password', 'passwordHash', 'apiKey', 'token', 'refreshToken', 'accessToken', '*.authorization', '*.password', '*.passwordHash', '*.apiKey', '*.token', '*.refreshToken', '*.accessToken', 'req.headers.authorization', 'req.headers.cookie'];
