import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { RawJson } from './http/envelope.ts';
import type { Metrics } from './http/metrics.ts';
import type { TwoLevelCache } from './infra/cache.ts';
import type { Database } from './infra/database.ts';
import type { Kv } from './infra/kv.ts';
import type { SecretBox } from './infra/secret-box.ts';
import type { SessionRevocations } from './modules/auth/revocations.ts';
import type { AccessTokens } from './modules/auth/tokens.ts';
import type { ExecutionEventLog } from './modules/stream/event-log.ts';
import type { SyncNudges } from './modules/sync/nudges.ts';

/** What request handlers may reach. Built once by bootstrap(); no module-level singletons. */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  kv: Kv;
  metrics: Metrics;
  tokens: AccessTokens;
  /** Sessions ended before their access tokens expire (logout, refresh-token reuse). */
  revocations: SessionRevocations;
  secretBox: SecretBox;
  /** Whole API answers, cached as the bytes sent. */
  cache: TwoLevelCache<RawJson>;
  eventLog: ExecutionEventLog;
  /** "Pull now" for a user's devices after a sync write (modules/sync). */
  syncNudges: SyncNudges;
  /** fetch for calls to n8n instances, under the outbound address policy (infra/outbound.ts). */
  n8nFetch: typeof fetch;
}
