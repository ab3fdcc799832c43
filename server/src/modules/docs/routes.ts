import { timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import { AppError } from '@ai-http/shared/errors';
import type { ApiRegistry } from '../../http/api.ts';
import type { Metrics } from '../../http/metrics.ts';
import { AIHTTP_VERSION } from '@ai-http/shared/version';

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AI-HTTP server API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .25rem}h2{margin-top:2rem}.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:600}</style>
</head><body><h1>AI-HTTP server API</h1><p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Every answer is <code>{success, data}</code> or <code>{success:false, error:{code, message, details}}</code>.</p><div id="ops"></div>
<script src="/docs.js"></script></body></html>`;

// Rendered by the page itself from /openapi.json: no CDN, so the docs work offline and under a strict CSP.
const DOCS_SCRIPT = `fetch('/openapi.json').then(r=>r.json()).then(doc=>{const root=document.getElementById('ops');const byTag={};
for(const [path,ops] of Object.entries(doc.paths))for(const [method,op] of Object.entries(ops))(byTag[op.tags[0]]??=[]).push({path,method,op});
for(const [tag,list] of Object.entries(byTag)){const h=document.createElement('h2');h.textContent=tag;root.append(h);
for(const {path,method,op} of list){const d=document.createElement('div');d.className='op';const m=document.createElement('span');m.className='m';m.textContent=method.toUpperCase();
const c=document.createElement('code');c.textContent=path;const s=document.createElement('div');s.textContent=op.summary+(op.security&&op.security.length?' (sign-in required)':'');d.append(m,c,s);root.append(d);}}});`;

/**
 * /openapi.json, /docs and /metrics. /metrics tells request counts per route, memory and the
 * like: with METRICS_TOKEN it wants `Authorization: Bearer <METRICS_TOKEN>`; without one it is
 * open outside production and off in production.
 */
export function docsRoutes(router: Router, api: ApiRegistry, metrics: Metrics, access: { token: string | undefined; production: boolean }): void {
  let cached: Record<string, unknown> | undefined;
  router.get('/openapi.json', (ctx) => {
    ctx.body = cached ??= api.openApi({ title: 'AI-HTTP server', version: AIHTTP_VERSION });
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'html';
    ctx.body = DOCS_PAGE;
  });
  router.get('/docs.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = DOCS_SCRIPT;
  });
  const expected = access.token === undefined ? undefined : Buffer.from(`Bearer ${access.token}`);
  router.get('/metrics', async (ctx) => {
    if (expected) {
      const given = Buffer.from(ctx.get('authorization'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <METRICS_TOKEN> to read /metrics.');
    } else if (access.production) {
      throw new AppError('NOT_FOUND', '/metrics is off in production until METRICS_TOKEN is set.');
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
}
