import Router from '@koa/router';
import type { Context } from 'koa';
import { AppError, describeZodIssues } from '@ai-http/shared/errors';
import { z } from 'zod';
import { RawJson, reply, replyRaw, Streamed } from './envelope.ts';
import { validate } from './validate.ts';

export interface AuthState {
  userId: string;
  via: 'token' | 'apiKey';
  scopes: string[];
  /** The session (refresh-token family) of an access token; absent for API keys. */
  sessionId?: string;
}

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    auth?: AuthState;
  }
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDefinition<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Koa-style path under /api/v1, e.g. `/instances/:id`. */
  path: string;
  summary: string;
  tag: string;
  /**
   * 'user': a token or an API key is required. 'session': a signed-in session's access token only,
   * never an API key, for what must not outlive a leaked key (API keys, password, account): a key
   * that could mint keys would survive its own revocation.
   */
  auth: 'none' | 'user' | 'session';
  body?: B;
  query?: Q;
  params?: P;
  /** What `data` holds in a success: documented in /openapi.json, and checked in tests. */
  response: z.ZodType;
  status?: number;
  /** A create that honours `Idempotency-Key`: a retry with the same key gets the first answer. */
  idempotent?: boolean;
  /** Answers `application/x-ndjson`, one `response` a line, instead of the envelope (the handler returns `Streamed`). */
  stream?: boolean;
  handler(input: { ctx: Context; body: z.output<B>; query: z.output<Q>; params: z.output<P>; auth: AuthState }): Promise<unknown>;
}

type AnyRoute = RouteDefinition<z.ZodType, z.ZodType, z.ZodType>;

/**
 * Every API route is declared once: its zod schemas validate the request at runtime and the same
 * schemas produce `/openapi.json`, so the documentation cannot drift from the code.
 */
export class ApiRegistry {
  readonly routes: AnyRoute[] = [];
  private readonly validateResponses: boolean;

  /**
   * `validateResponses` (on in tests) checks every answer, as the client receives it, against the
   * route's `response` schema, so an answer that drifts from its documented shape fails a test.
   */
  constructor({ validateResponses = false }: { validateResponses?: boolean } = {}) {
    this.validateResponses = validateResponses;
  }

  add<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(route: RouteDefinition<B, Q, P>): void {
    this.routes.push(route as unknown as AnyRoute);
  }

  /**
   * Adds every route under /api/v1 to `router`. Each request is counted against the rate limit,
   * authenticated (when the route needs it), has its body read (only where the route takes one)
   * and its input validated, in that order, before the handler runs.
   */
  mount(
    router: Router,
    steps: {
      rateLimit(ctx: Context): void;
      authenticate(ctx: Context): Promise<AuthState>;
      readBody(ctx: Context): Promise<unknown>;
      /** Runs an idempotent route's handler once per Idempotency-Key (see modules/idempotency). */
      idempotent(ctx: Context, auth: AuthState, route: string, body: unknown, status: number, run: () => Promise<unknown>): Promise<unknown>;
    },
  ): Router {
    for (const route of this.routes) {
      router[route.method](`/api/v1${route.path}`, async (ctx) => {
        steps.rateLimit(ctx);
        let auth: AuthState | undefined;
        if (route.auth !== 'none') {
          auth = await steps.authenticate(ctx);
          if (route.auth === 'session' && auth.via !== 'token') throw new AppError('SESSION_REQUIRED', 'Sign in to do this: API keys cannot manage API keys, passwords or the account. Use an access token from /api/v1/auth/login.');
          const needed = route.method === 'get' ? 'read' : 'write';
          if (auth.via === 'apiKey' && !auth.scopes.includes(needed)) throw new AppError('FORBIDDEN', `This API key lacks the "${needed}" scope.`, { needed });
          ctx.state.auth = auth;
        }
        const body = route.body ? validate(route.body, (await steps.readBody(ctx)) ?? {}, 'body') : undefined;
        const query = route.query ? validate(route.query, ctx.query, 'query') : undefined;
        const params = route.params ? validate(route.params, ctx.params, 'path') : undefined;
        const run = () => route.handler({ ctx, body, query, params, auth: auth as AuthState });
        const data = route.idempotent && auth ? await steps.idempotent(ctx, auth, `${route.method.toUpperCase()} ${route.path}`, body, route.status ?? 200, run) : await run();
        if (data instanceof Streamed) return;
        if (this.validateResponses) checkResponse(route, data);
        if (data instanceof RawJson) replyRaw(ctx, data, route.status ?? 200);
        else reply(ctx, data, route.status ?? 200);
      });
    }
    return router;
  }

  openApi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    // Answers are documented by what a client must accept (io 'input'): a versioned field is a
    // transform, whose output zod cannot describe, while its input is every version it reads.
    const toSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    const envelope = (data: Record<string, unknown>) => ({ type: 'object', required: ['success', 'data'], properties: { success: { const: true }, data } });
    const errorRef = { $ref: '#/components/schemas/ErrorEnvelope' };
    for (const route of this.routes) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      const parameters: unknown[] = [];
      for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
        const json = schema ? (toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
        for (const [name, property] of Object.entries(json?.properties ?? {})) parameters.push({ name, in: where, required: where === 'path' || (json?.required ?? []).includes(name), schema: property });
      }
      paths[path] ??= {};
      paths[path][route.method] = {
        summary: route.summary,
        tags: [route.tag],
        ...(route.auth === 'none' ? { security: [] } : { security: [{ bearer: [] }] }),
        ...(route.auth === 'session' ? { description: 'Needs an access token from a signed-in session; API keys are refused (SESSION_REQUIRED).' } : {}),
        ...(route.idempotent ? { description: 'Send an Idempotency-Key header to make retries safe: a retry with the same key and body gets the first answer again.' } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
        responses: {
          [String(route.status ?? 200)]: route.stream
            ? { description: 'Success: a stream of JSON lines, each one of these', content: { 'application/x-ndjson': { schema: toSchema(route.response, 'input') } } }
            : { description: 'Success', content: { 'application/json': { schema: envelope(toSchema(route.response, 'input')) } } },
          default: { description: 'Error', content: { 'application/json': { schema: errorRef } } },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      servers: [{ url: '/' }],
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/login, or an API key (aih_…).' } },
        schemas: {
          ErrorEnvelope: {
            type: 'object',
            required: ['success', 'error'],
            properties: { success: { const: false }, error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
          },
        },
      },
    };
  }
}

/** Cursor pagination: `?limit=&cursor=`; the cursor is opaque to clients. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export const idParams = z.object({ id: z.uuid({ message: 'must be an id as returned by the API' }) });

function checkResponse(route: AnyRoute, data: unknown): void {
  const sent: unknown = JSON.parse(data instanceof RawJson ? data.text : (JSON.stringify(data) ?? 'null'));
  const checked = route.response.safeParse(sent);
  if (!checked.success) throw new Error(`${route.method.toUpperCase()} ${route.path} answered a shape its response schema does not allow: ${JSON.stringify(describeZodIssues(checked.error))}`);
}
