import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { groundCandidates } from '@ai-http/shared/ai/ground';
import { createLanguageModel } from '@ai-http/shared/ai/providers';
import { askModel, explainWithModel, type AiUsage } from '@ai-http/shared/ai/run';
import { aiExplainInput, aiRequestInput, aiStatusView, askEventSchema, explainEventSchema, type AiStatusView } from '@ai-http/shared/api/ai';
import { AppError } from '@ai-http/shared/errors';
import type { Template } from '@ai-http/shared/templates/schema';
import type { ApiRegistry } from '../../http/api.ts';
import { Streamed } from '../../http/envelope.ts';
import { enforceRateLimit, WindowRateLimiter } from '../../http/rate-limit.ts';
import type { Services } from '../../services.ts';
import { savedRequests } from '../requests/repository.ts';
import { TemplateRepository } from '../templates/repository.ts';
import { toView as templateView } from '../templates/routes.ts';
import { researchRoutes } from './research.ts';

/** How many of the user's templates and saved requests are searched for candidates (newest first). */
const GROUNDING_ROWS = 200;

/**
 * The AI service for signed-in users: natural language → a request grounded in the user's
 * templates and saved requests (and the candidates the extension found in its own imported
 * specs), and failed executions explained. The provider and its key come from AI_* variables
 * and never leave the server; each answer is a stream of JSON lines.
 */
export function aiRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, services: Services): { close(): Promise<void> } {
  const ai = services.config.ai;
  const model = ai ? createLanguageModel(ai.settings) : null;
  const limiter = new WindowRateLimiter({ points: services.config.aiPerMinute, windowMs: 60_000, redis: services.kv.redis, prefix: 'rl:ai:' });
  const limit = (ctx: Context, userId: string) => enforceRateLimit(limiter, ctx, userId, 'your account to the AI');
  const secrets = ai?.settings.apiKey ? [ai.settings.apiKey] : [];

  const ready = (ctx: Context, userId: string) => {
    if (!model || !ai) throw new AppError('AI_UNAVAILABLE');
    limit(ctx, userId);
    return { model, ai };
  };

  /** Streams `events` as JSON lines; the call is cancelled when the client goes away. */
  const stream = <E extends { type: string; usage?: AiUsage }>(ctx: Context, call: string, start: (signal: AbortSignal) => AsyncGenerator<E>) => {
    const controller = new AbortController();
    // The response closing before it finished means the client went away ('close' on the request fires once its body is read).
    ctx.res.on('close', () => {
      if (!ctx.res.writableFinished) controller.abort();
    });
    async function* lines() {
      for await (const event of start(controller.signal)) {
        if (event.usage) {
          services.metrics.aiTokens.inc({ call, direction: 'input' }, event.usage.inputTokens);
          services.metrics.aiTokens.inc({ call, direction: 'output' }, event.usage.outputTokens);
          services.metrics.aiCalls.inc({ call, outcome: event.type === 'result' && 'unverified' in event && event.unverified ? 'unverified' : event.type });
        }
        yield `${JSON.stringify(event)}\n`;
      }
    }
    ctx.status = 200;
    ctx.type = 'application/x-ndjson';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.body = Readable.from(lines());
    return new Streamed();
  };

  async function groundingTemplates(ctx: Context, userId: string): Promise<Template[]> {
    const templates = (await new TemplateRepository(em(ctx)).list(userId, { limit: GROUNDING_ROWS })).items.map(templateView);
    const saved = (await savedRequests(em(ctx)).list(userId, { limit: GROUNDING_ROWS })).items.map(
      (row): Template => ({ v: 2, id: row.id, builtinId: null, isPublic: false, service: 'Saved request', name: row.name, description: row.request.description ?? '', tags: [], docsUrl: null, request: row.request, updatedAt: null }),
    );
    return [...templates, ...saved];
  }

  api.add({
    method: 'get', path: '/ai/status', tag: 'ai', auth: 'user', summary: 'Whether this server has an AI model, and which',
    response: aiStatusView.schema,
    handler: async (): Promise<AiStatusView> => ({ v: 1, configured: Boolean(ai), provider: ai?.settings.provider ?? null, model: ai?.settings.model ?? null }),
  });

  api.add({
    method: 'post', path: '/ai/request', tag: 'ai', auth: 'user', stream: true,
    summary: 'Natural language → a request, chosen among the candidates (streamed: candidates, the choice, then the filled request; or a failure with the offline first choice)',
    body: aiRequestInput,
    response: askEventSchema,
    handler: async ({ ctx, body, auth }) => {
      const { model: languageModel, ai: settings } = ready(ctx, auth.userId);
      const ids = new Set(body.candidates.map((c) => c.id));
      // The client's candidates first (its own specs), then the server's search over the built-ins, the user's templates and saved requests.
      const found = groundCandidates(body.query, { templates: await groundingTemplates(ctx, auth.userId) }).filter((c) => !ids.has(c.id));
      const candidates = [...body.candidates, ...found].slice(0, 12);
      return stream(ctx, 'request', (signal) => askModel({ model: languageModel, query: body.query, candidates, signal, timeoutMs: settings.timeoutMs, secrets }));
    },
  });

  api.add({
    method: 'post', path: '/ai/explain', tag: 'ai', auth: 'user', stream: true,
    summary: 'Explain a failed execution (streamed: what is sent, the explanation as it comes, then explanation and fixes; or a failure with the offline explanation)',
    body: aiExplainInput,
    response: explainEventSchema,
    handler: async ({ ctx, body, auth }) => {
      const { model: languageModel, ai: settings } = ready(ctx, auth.userId);
      return stream(ctx, 'explain', (signal) => explainWithModel({ model: languageModel, digest: body.digest, language: body.language, signal, timeoutMs: settings.timeoutMs, secrets }));
    },
  });

  researchRoutes(api, em, services, limit);
  return { close: () => limiter.close() };
}
