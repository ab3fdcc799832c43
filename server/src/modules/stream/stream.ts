import { isUuid } from '@ai-http/shared/ids';
import { parseTopic, type Topic } from '@ai-http/shared/realtime/protocol';
import { isAllowedOrigin } from '../../http/edge.ts';
import { keepSubscribed } from '../../infra/kv.ts';
import type { Services } from '../../services.ts';
import { markWatched } from '../executions/poll-coordinator.ts';
import { InstanceRepository } from '../instances/repository.ts';
import { createRealtimeGateway, type RealtimeGateway } from './gateway.ts';

/** How often subscribed instances are marked as watched again (the mark lasts 45 s). */
const WATCH_REFRESH_MS = 15_000;

const instanceOf = (topic: Topic): string | null => {
  const parsed = parseTopic(topic);
  return parsed && isUuid(parsed.instanceId) ? parsed.instanceId : null;
};

/**
 * The execution stream at /ws: the gateway, with access tokens checked and subscriptions limited
 * to instances the user owns (another user's and a missing one look the same). A subscription
 * also tells the pollers someone is watching, so that instance is polled every second, starting now.
 */
export async function createExecutionStream(services: Services, { pollSoon }: { pollSoon?(instanceId: string): void } = {}): Promise<RealtimeGateway> {
  const { database, kv, logger, tokens, revocations, config, metrics, eventLog, syncNudges } = services;
  const watch = async (instanceId: string) => {
    await markWatched(kv, instanceId);
    pollSoon?.(instanceId);
  };
  const gateway = await createRealtimeGateway({
    eventLog,
    logger,
    authenticate: async (token) => {
      const claims = await tokens.verify(token);
      if (!claims || (await revocations.isRevoked(claims.sessionId, () => database.fork()))) return null;
      return claims;
    },
    canSubscribe: async (userId, topic) => {
      const instanceId = instanceOf(topic);
      if (!instanceId || !(await new InstanceRepository(database.fork()).isOwned(userId, instanceId))) return false;
      await watch(instanceId);
      return true;
    },
    isAllowedOrigin: (origin) => isAllowedOrigin(origin, config.corsOrigins),
    onConnectionsChanged: (count) => metrics.wsConnections.set(count),
  });
  // Sync: a user's data changed in some process; tell their devices here to pull.
  const stopNudges = await keepSubscribed(
    () => syncNudges.listen(({ userId, cursor, from }) => gateway.sendToUser(userId, { type: 'sync', cursor, from })),
    (error) => logger.warn({ err: error }, 'cannot subscribe to sync nudges yet; retrying in 5 s'),
  );
  // A session ended in any process closes its sockets here.
  const stopRevocations = revocations.onEnded((sessionId) => gateway.endSession(sessionId));
  // While clients stay subscribed, keep their instances marked as watched.
  const watchRefresh = setInterval(() => {
    const watched = new Set([...gateway.subscribedTopics()].map(instanceOf));
    for (const instanceId of watched) if (instanceId) void markWatched(kv, instanceId).catch(() => undefined);
  }, WATCH_REFRESH_MS);
  watchRefresh.unref();
  return {
    ...gateway,
    async close() {
      clearInterval(watchRefresh);
      stopRevocations();
      await stopNudges();
      await gateway.close();
    },
  };
}
