import type { Jobs } from './infra/jobs.ts';
import { RefreshTokenFamilyRepository } from './modules/auth/repository.ts';
import { applyRetentionEverywhere, syncEveryInstanceWorkflows } from './modules/executions/scheduled.ts';
import { purgeSyncTombstones } from './modules/sync/repository.ts';
import type { Services } from './services.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long an ended session's row is kept before it is forgotten. */
const ENDED_SESSIONS_KEPT_MS = DAY;

/**
 * Every scheduled job the server runs, with its interval: one line per job. With Redis each runs
 * once per interval across the cluster (infra/jobs.ts); embedded, in this process.
 */
export function scheduleJobs(jobs: Jobs, services: Services): void {
  // The executions' read models are the poller's: scheduled by the processes that poll
  // (POLLER_ENABLED); the others still run them when their worker takes one.
  const scheduled = services.config.poller.enabled;
  jobs.defineJob('workflow-sync', 30_000, () => syncEveryInstanceWorkflows(services), { scheduled });
  jobs.defineJob('execution-retention', 60 * MINUTE, () => applyRetentionEverywhere(services), { scheduled });
  jobs.defineJob('session-purge', 60 * MINUTE, async () => void (await new RefreshTokenFamilyRepository(services.database.fork()).purgeEnded(new Date(Date.now() - ENDED_SESSIONS_KEPT_MS))));
  // SYNC_TOMBSTONE_RETENTION_DAYS: a device that has not pulled for longer starts over (a reset pull).
  jobs.defineJob('sync-tombstone-compaction', 60 * MINUTE, async () => void (await purgeSyncTombstones(services.database.fork(), services.secretBox, services.config.poller.tombstoneRetentionDays)));
  // A job a newer version dropped would otherwise fail on every worker at each of its intervals.
  jobs.pruneOthers().catch((error: unknown) => services.logger.warn({ err: error }, 'could not forget the schedulers of jobs no longer defined'));
}
