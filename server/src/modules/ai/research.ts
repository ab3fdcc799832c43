import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { MANUS_AGENT_PROFILE, readResearchMessages, readResearchWebhook, researchOutputJsonSchema, researchPrompt, researchResultSchema, type ResearchProgress } from '@ai-http/shared/ai/manus';
import { researchInput, researchTaskParams, researchView, type ResearchView } from '@ai-http/shared/api/ai';
import { AppError } from '@ai-http/shared/errors';
import { createRequestSpec } from '@ai-http/shared/request/spec';
import { z } from 'zod';
import type { ApiRegistry } from '../../http/api.ts';
import type { Services } from '../../services.ts';
import { TemplateRepository } from '../templates/repository.ts';
import { toView as templateView } from '../templates/routes.ts';

/** What the server keeps of a research task (in Redis, a week): whose it is, and what it became. */
interface TaskRecord {
  userId: string;
  taskUrl: string | null;
  canceled: boolean;
  /** The last state a webhook delivered, and when: while fresh, reads answer it without asking Manus. */
  pushed: { at: number; status: ResearchView['status']; progress: string | null } | null;
  /** Set once the answer became templates (or was refused), so polling again creates nothing twice. */
  done: { templateIds: string[]; problem: string | null } | null;
}
const TASK_TTL_MS = 7 * 24 * 3600_000;
const manusOk = z.object({ ok: z.literal(true) }).loose();
/** How old (or how far ahead) a webhook's timestamp may be, as Manus's docs advise. */
const WEBHOOK_SKEW_MS = 5 * 60_000;
/** A webhook's state is trusted this long; after that a read asks Manus again (a delivery may be lost). */
const PUSH_FRESH_MS = 2 * 60_000;

/**
 * "Research this API" with Manus: create a task (agent profile manus-1.6-max, a structured output
 * schema, no questions back, hidden from the task list), follow it by polling task.listMessages,
 * or by its webhooks (POST /ai/research/webhook, signed by Manus with RSA-SHA256), stop it on
 * cancel. Both paths feed one task state (`advance`); the answer is checked with zod and becomes
 * the user's templates once, whichever path saw the task stop first.
 */
export function researchRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, services: Services, limit: (ctx: Context, userId: string) => void): void {
  const manus = services.config.manus;
  const key = (taskId: string) => `manus:task:${taskId}`;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    if (!manus) throw new AppError('AI_UNAVAILABLE', 'This AI-HTTP server has no Manus key (MANUS_API_KEY): research is not available.');
    let response: Response;
    try {
      response = await fetch(`${manus.baseUrl}${path}`, { method, headers: { 'x-manus-api-key': manus.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(20_000) });
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'Manus could not be reached; try again later.');
    }
    const answer: unknown = await response.json().catch(() => null);
    const ok = manusOk.safeParse(answer);
    if (!response.ok || !ok.success) {
      const message = (answer as { error?: { message?: unknown } } | null)?.error?.message;
      // Manus's own words, never the key (a message quoting it is cut).
      const said = typeof message === 'string' ? message.split(manus.apiKey).join('[redacted]').slice(0, 300) : `HTTP ${response.status}`;
      throw new AppError(response.status === 401 || response.status === 403 ? 'FORBIDDEN' : 'SERVICE_UNAVAILABLE', `Manus refused the call: ${said}`);
    }
    return ok.data;
  }

  const stored = async (taskId: string): Promise<TaskRecord | null> => {
    const raw = await services.kv.get(key(taskId));
    return raw ? ({ pushed: null, ...(JSON.parse(raw) as Partial<TaskRecord>) } as TaskRecord) : null;
  };
  async function record(taskId: string, userId: string): Promise<TaskRecord> {
    const found = await stored(taskId);
    // Someone else's task reads as missing, like every other resource.
    if (!found || found.userId !== userId) throw new AppError('NOT_FOUND', 'No research task with this id.');
    return found;
  }
  const save = (taskId: string, value: TaskRecord) => services.kv.set(key(taskId), JSON.stringify(value), TASK_TTL_MS);

  async function view(ctx: Context, taskId: string, task: TaskRecord, status: ResearchView['status'], progress: string | null): Promise<ResearchView> {
    const repository = new TemplateRepository(em(ctx));
    const templates = await Promise.all((task.done?.templateIds ?? []).map((id) => repository.get(task.userId, id).then(templateView, () => null)));
    return { v: 1, taskId, taskUrl: task.taskUrl, status, progress, problem: task.done?.problem ?? null, templates: templates.filter((t) => t !== null) };
  }

  const statusOf = (task: TaskRecord, running: ResearchView['status'] = 'running'): ResearchView['status'] =>
    task.canceled ? 'canceled' : task.done ? (task.done.templateIds.length ? 'stopped' : 'error') : running === 'stopped' || running === 'error' ? 'running' : running;

  /**
   * One step of a task's state, from a listMessages read or a webhook: an error or a stop ends it
   * (a stop's answer checked and made into templates); only one caller finishes a task (a claim),
   * so a webhook and a read arriving together create nothing twice.
   */
  async function advance(ctx: Context, taskId: string, task: TaskRecord, progress: ResearchProgress, pushed = false): Promise<TaskRecord> {
    if (task.done || task.canceled) return task;
    if (progress.status !== 'stopped' && progress.status !== 'error') {
      if (pushed) {
        task.pushed = { at: Date.now(), status: progress.status, progress: progress.progress ?? task.pushed?.progress ?? null };
        await save(taskId, task);
      }
      return task;
    }
    if (!(await services.kv.claim(`${key(taskId)}:finish`, TASK_TTL_MS))) return (await stored(taskId)) ?? task;
    if (progress.status === 'error') task.done = { templateIds: [], problem: progress.error ?? 'Manus stopped with an error.' };
    else {
      const result = researchResultSchema.safeParse(progress.output);
      if (!result.success) {
        task.done = { templateIds: [], problem: `Manus's answer was not a list of requests: ${z.prettifyError(result.error).split('\n').slice(0, 3).join(' ')}` };
      } else {
        const repository = new TemplateRepository(em(ctx));
        const ids: string[] = [];
        for (const request of result.data.requests) {
          const row = await repository.create({
            userId: task.userId, builtinId: null, isPublic: false, deletedAt: null,
            service: result.data.service, name: request.name, description: `${request.description}\n(Researched by Manus; check it against ${request.sourceUrl}.)`.slice(0, 2000),
            tags: ['researched'], docsUrl: request.sourceUrl,
            request: createRequestSpec({ name: `${result.data.service}: ${request.name}`, method: request.method, url: request.url, query: request.query, headers: request.headers, body: request.jsonBody ? { mode: 'json', text: request.jsonBody } : { mode: 'none' } }),
          });
          ids.push(row.id);
        }
        await services.cache.bump(task.userId);
        task.done = { templateIds: ids, problem: null };
      }
    }
    await save(taskId, task);
    return task;
  }

  /**
   * Manus's webhook public key (webhook.publicKey), fetched once, and again when a signature fails
   * (a rotation) but at most once a minute, so forged deliveries cannot make this server call Manus.
   */
  let publicKey: Promise<KeyObject> | null = null;
  let fetchedAt = 0;
  const webhookKey = (fresh: boolean) => {
    if (!publicKey || (fresh && Date.now() - fetchedAt > 60_000)) {
      fetchedAt = Date.now();
      publicKey = call('GET', '/v2/webhook.publicKey').then((answer) => createPublicKey(z.object({ public_key: z.string().min(1) }).parse(answer).public_key));
      publicKey.catch(() => (publicKey = null));
    }
    return publicKey;
  };

  /** Manus's documented check: RSA-SHA256 over `{timestamp}.{url}.{sha256_hex(body)}`, the timestamp within 5 minutes. */
  async function verifyWebhook(ctx: Context): Promise<void> {
    const timestamp = ctx.get('x-webhook-timestamp');
    const signature = Buffer.from(ctx.get('x-webhook-signature'), 'base64');
    const seconds = Number(timestamp);
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() - seconds * 1000) > WEBHOOK_SKEW_MS) throw new AppError('UNAUTHENTICATED', 'The webhook has no timestamp, or it is more than 5 minutes off.');
    if (!signature.length) throw new AppError('UNAUTHENTICATED', 'The webhook is not signed.');
    const url = manus?.webhookUrl ?? `${ctx.protocol}://${ctx.host}${ctx.originalUrl}`;
    const signed = Buffer.from(`${timestamp}.${url}.${createHash('sha256').update(String(ctx.state.rawBody ?? '')).digest('hex')}`);
    if (verifySignature('sha256', signed, await webhookKey(false), signature)) return;
    const again = await webhookKey(true);
    if (verifySignature('sha256', signed, again, signature)) return;
    throw new AppError('UNAUTHENTICATED', 'The webhook\'s signature does not match Manus\'s public key (is MANUS_WEBHOOK_URL the URL registered in Manus?).');
  }

  api.add({
    method: 'post', path: '/ai/research', tag: 'ai', auth: 'user', status: 201,
    summary: 'Research an API nobody has described yet with Manus (server-side; the answer becomes your templates)',
    body: researchInput,
    response: researchView.schema,
    handler: async ({ ctx, body, auth }) => {
      // A Manus task costs far more than a request: the AI limit per user covers it too.
      limit(ctx, auth.userId);
      const created = await call('POST', '/v2/task.create', {
        message: { content: researchPrompt(body.api, body.hint) },
        agent_profile: MANUS_AGENT_PROFILE,
        structured_output_schema: researchOutputJsonSchema(),
        interactive_mode: false,
        hide_in_task_list: true,
      });
      const taskId = z.string().regex(/^[\w-]{1,100}$/).safeParse(created.task_id);
      if (!taskId.success) throw new AppError('SERVICE_UNAVAILABLE', 'Manus answered without a task id.');
      const task: TaskRecord = { userId: auth.userId, taskUrl: typeof created.task_url === 'string' ? created.task_url : null, canceled: false, pushed: null, done: null };
      await save(taskId.data, task);
      return view(ctx, taskId.data, task, 'running', null);
    },
  });

  api.add({
    method: 'get', path: '/ai/research/:taskId', tag: 'ai', auth: 'user',
    summary: 'A research task\'s progress; when it stops, its answer checked and made into templates (once)',
    params: researchTaskParams,
    response: researchView.schema,
    handler: async ({ ctx, params, auth }) => {
      const task = await record(params.taskId, auth.userId);
      if (task.canceled || task.done) return view(ctx, params.taskId, task, statusOf(task), null);
      if (task.pushed && Date.now() - task.pushed.at < PUSH_FRESH_MS) return view(ctx, params.taskId, task, task.pushed.status, task.pushed.progress);
      const progress = readResearchMessages(await call('GET', `/v2/task.listMessages?task_id=${encodeURIComponent(params.taskId)}&order=asc&limit=200`));
      const next = await advance(ctx, params.taskId, task, progress);
      return view(ctx, params.taskId, next, statusOf(next, progress.status), progress.progress);
    },
  });

  api.add({
    method: 'post', path: '/ai/research/:taskId/cancel', tag: 'ai', auth: 'user',
    summary: 'Stop a research task',
    params: researchTaskParams,
    response: researchView.schema,
    handler: async ({ ctx, params, auth }) => {
      const task = await record(params.taskId, auth.userId);
      if (!task.done && !task.canceled) {
        await call('POST', '/v2/task.stop', { task_id: params.taskId });
        task.canceled = true;
        await save(params.taskId, task);
      }
      return view(ctx, params.taskId, task, task.canceled ? 'canceled' : 'stopped', null);
    },
  });
  api.add({
    method: 'post', path: '/ai/research/webhook', tag: 'ai', auth: 'none',
    summary: 'Manus\'s webhook (task_created, task_progress, task_stopped), checked against Manus\'s signature: feeds the same task state as reading the task',
    body: z.object({}).loose(),
    response: z.object({ accepted: z.boolean() }),
    handler: async ({ ctx, body }) => {
      if (!manus) throw new AppError('AI_UNAVAILABLE', 'This AI-HTTP server has no Manus key (MANUS_API_KEY): research is not available.');
      await verifyWebhook(ctx);
      const event = readResearchWebhook(body);
      // Another kind of event, a task this server did not create (one Manus account, other tools), or a delivery seen before (Manus retries): nothing to do.
      const seen = event && `manus:event:${event.eventId}`;
      if (!event || !seen || !(await services.kv.claim(seen, 2 * WEBHOOK_SKEW_MS))) return { accepted: false };
      const task = await stored(event.taskId);
      if (!task) return { accepted: false };
      try {
        await advance(ctx, event.taskId, task, event.progress, true);
      } catch (error) {
        // Not done: Manus's retry of this delivery must be taken.
        await services.kv.del(seen);
        throw error;
      }
      return { accepted: true };
    },
  });
}
