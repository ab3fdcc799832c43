import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './infra/database.ts';
import type { Kv } from './infra/kv.ts';

/** What request handlers may reach. Built once by bootstrap(); no module-level singletons. */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  kv: Kv;
}
