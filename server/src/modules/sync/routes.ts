import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { pullQuerySchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '@ai-http/shared/sync/protocol';
import type { ApiRegistry } from '../../http/api.ts';
import type { RawJson } from '../../http/envelope.ts';
import type { TwoLevelCache } from '../../infra/cache.ts';
import type { SecretBox } from '../../infra/secret-box.ts';
import type { SyncNudges } from './nudges.ts';
import { pullChanges, pushChanges } from './service.ts';

/**
 * POST /api/v1/sync/push (a device's outbox, one transaction, its saved requests and templates shown
 * in the REST lists too) and GET /api/v1/sync/pull (changes
 * after a cursor, paged). After a push that changed something, the user's other devices are nudged
 * over /ws to pull at once.
 */
export function syncRoutes(api: ApiRegistry, em: (ctx: Context) => EntityManager, box: SecretBox, cache: TwoLevelCache<RawJson>, nudges: SyncNudges, logger: Logger): void {
  api.add({
    method: 'post',
    path: '/sync/push',
    tag: 'sync',
    auth: 'user',
    summary: "Push a device's pending mutations (each applied once, by client mutation id)",
    body: pushRequestSchema,
    response: pushResponseSchema.extend({ cursor: pullResponseSchema.shape.nextCursor }),
    handler: async ({ ctx, body, auth }) => {
      const { answer, templates } = await pushChanges(em(ctx), box, auth.userId, body, Date.now());
      // The REST template lists are cached per scope (modules/templates/routes.ts).
      if (templates.size) await cache.bump(auth.userId);
      if (templates.has('public')) await cache.bump('public');
      if (answer.results.some((result) => result.status === 'applied')) {
        await nudges.publish({ userId: auth.userId, cursor: answer.cursor, from: body.clientId }).catch((error: unknown) => logger.warn({ err: error }, 'sync nudge not sent; devices pull on their timer'));
      }
      return answer;
    },
  });
  api.add({
    method: 'get',
    path: '/sync/pull',
    tag: 'sync',
    auth: 'user',
    summary: 'Pull the records changed after a cursor (tombstones included), a page at a time',
    query: pullQuerySchema,
    response: pullResponseSchema,
    handler: ({ ctx, query, auth }) => pullChanges(em(ctx), box, auth.userId, query),
  });
}
