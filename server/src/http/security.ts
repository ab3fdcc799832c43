import type { Middleware } from 'koa';

/** Headers every answer carries: no sniffing, no framing, no referrer leaks, HTTPS kept. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-site',
      'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    });
    await next();
  };
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[\w-]+$/;

export const isAllowedOrigin = (origin: string, configured: readonly string[]) => EXTENSION_ORIGIN.test(origin) || configured.includes(origin);

/** CORS for the extension's own pages and the configured origins only; other origins get no CORS headers. */
export function cors(configured: readonly string[]): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (origin && isAllowedOrigin(origin, configured)) {
      ctx.vary('Origin');
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
        ctx.set('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE');
        ctx.set('Access-Control-Allow-Headers', 'Authorization,Content-Type,X-Request-Id');
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}
