// Push from n8n: the hook file (server/n8n-hook/ai-http-hook.js) posts a signed notice after every
// execution. The server checks the signature and its age, refuses replays, digests the execution
// from the notice (so executions n8n does not save are seen too), stores it and publishes at once.
// Polling stays as the fallback; the event log's publishOnce keeps the two from announcing one
// execution twice.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import { z } from 'zod';
import { instanceHookView } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import { idParams, type ApiRegistry } from '../../http/api.ts';
import type { Services } from '../../services.ts';
import { ExecutionRepository } from '../executions/repository.ts';
import { InstanceRepository } from '../instances/repository.ts';

/** How old (or how far in the future) a notice may be. */
const MAX_SKEW_MS = 5 * 60_000;
export const HOOK_FILE = 'server/n8n-hook/ai-http-hook.js';

/** The instance's hook secret: derived from the server's signing secret, so nothing more is stored. */
export function hookSecret(serverSecret: string, instanceId: string): string {
  return createHmac('sha256', serverSecret).update(`n8n-hook:${instanceId}`).digest('base64url');
}

/** What the hook file sends: an execution as n8n's API returns it with its data, capped. */
const notice = z.looseObject({
  v: z.literal(1),
  id: z.string().min(1).max(40),
  workflowId: z.string().min(1).max(80),
  status: z.string().max(40),
  mode: z.string().max(40).optional(),
  startedAt: z.string().max(40).nullable().optional(),
  stoppedAt: z.string().max(40).nullable().optional(),
  data: z.unknown(),
  workflowData: z.unknown(),
});

function verify(ctx: Context, secret: string): string {
  const timestamp = Number(ctx.get('x-aihttp-timestamp'));
  // One spelling per signature (lower-case hex, nothing after it): the replay guard keys on this text,
  // and Buffer.from(…, 'hex') would read `ABC…` or `abc…zz` as the same bytes.
  const signature = ctx.get('x-aihttp-signature').toLowerCase();
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > MAX_SKEW_MS) throw new AppError('UNAUTHENTICATED', 'The notice has no timestamp, or it is more than 5 minutes off: check the clocks of n8n and this server.');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${ctx.state.rawBody ?? ''}`).digest();
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('UNAUTHENTICATED', 'The notice\'s signature does not match: check AIHTTP_HOOK_SECRET for this instance.');
  return signature;
}

export function hookRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, services: Pick<Services, 'kv' | 'eventLog' | 'config' | 'metrics' | 'logger'>): void {
  const { kv, eventLog, config } = services;
  api.add({
    method: 'post',
    path: '/hooks/n8n/:id',
    summary: 'A notice from the n8n hook file: one finished execution, signed with the instance\'s hook secret',
    tag: 'instances',
    auth: 'none',
    params: idParams,
    body: notice,
    response: z.object({ announced: z.boolean() }),
    handler: async ({ ctx, params, body }) => {
      const signature = verify(ctx, hookSecret(config.secrets.jwtSecret, params.id));
      if (!(await kv.claim(`hook:seen:${signature}`, 2 * MAX_SKEW_MS))) throw new AppError('CONFLICT', 'This notice was received already (a replay).');
      const row = await new InstanceRepository(em(ctx)).forPolling(params.id);
      if (!row) throw new AppError('NOT_FOUND', 'No such instance: it was deleted, or the hook URL is wrong.');
      const digest = summarizeExecution(body);
      const event: ExecutionEvent = { type: digest.status === 'success' ? 'execution.finished' : 'execution.failed', instanceId: row.id, workflowId: digest.workflowId, executionId: digest.executionId, digest };
      // Announced first, stored after: the watcher does not wait for the write.
      const announced = await eventLog.publishOnce(event);
      await new ExecutionRepository(em(ctx)).saveDigest({ id: row.id, userId: row.userId }, digest);
      services.metrics.hookNotices.inc({ announced: String(announced) });
      return { announced };
    },
  });

  api.add({
    method: 'get',
    path: '/instances/:id/hook',
    summary: 'How to install the n8n hook file for this instance: its URL, secret and the lines to add',
    tag: 'instances',
    auth: 'session',
    params: idParams,
    response: instanceHookView,
    handler: async ({ ctx, params, auth }) => {
      await new InstanceRepository(em(ctx)).get(auth.userId, params.id);
      const url = `${ctx.protocol}://${ctx.host}/api/v1/hooks/n8n/${params.id}`;
      const secret = hookSecret(config.secrets.jwtSecret, params.id);
      const env = { EXTERNAL_HOOK_FILES: '/hooks/ai-http-hook.js', AIHTTP_HOOK_URL: url, AIHTTP_HOOK_SECRET: secret };
      return {
        url,
        secret,
        env,
        dockerCompose: `    volumes:\n      - ./ai-http-hook.js:/hooks/ai-http-hook.js:ro\n    environment:\n${Object.entries(env).map(([name, value]) => `      - ${name}=${value}`).join('\n')}`,
        npm: `EXTERNAL_HOOK_FILES=$PWD/ai-http-hook.js AIHTTP_HOOK_URL=${url} AIHTTP_HOOK_SECRET=${secret} n8n start`,
      };
    },
  });
}
