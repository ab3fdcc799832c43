import { mkdirSync } from 'node:fs';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import { MikroORM, type AbstractSqlDriver, type Options } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { migrations } from '../db/migrations/index.ts';

export interface Database {
  readonly kind: 'postgres' | 'embedded';
  readonly orm: MikroORM;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens Postgres (DATABASE_URL) or the embedded PGlite cluster in the data folder, and migrates
 * it. `entities` are the modules' (modules/entities.ts): the database layer knows no domain.
 */
export async function openDatabase(config: Config['database'], logger: Logger, entities: readonly EntitySchema[]): Promise<Database> {
  const common: Options<AbstractSqlDriver> = {
    entities: [...entities],
    extensions: [Migrator],
    migrations: { migrationsList: migrations, snapshot: false, transactional: true, allOrNothing: true, silent: true },
    discovery: { warnWhenNoEntities: false },
    debug: false,
    allowGlobalContext: false,
  };
  // Both drivers speak the same Postgres dialect; the app only needs the SQL EntityManager API.
  let orm: MikroORM;
  if (config.kind === 'postgres') {
    orm = await MikroORM.init<AbstractSqlDriver>({ ...common, driver: PostgreSqlDriver, clientUrl: config.url, pool: { min: 0, max: 10 } });
  } else {
    mkdirSync(config.dir, { recursive: true });
    // dbName 'postgres' is the database every PGlite cluster starts with.
    orm = await MikroORM.init<AbstractSqlDriver>({ ...common, driver: PgliteDriver, dbName: 'postgres', driverOptions: { dataDir: config.dir } });
  }
  const applied = await orm.migrator.up();
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  return {
    kind: config.kind,
    orm,
    async ping() {
      const check = await orm.checkConnection();
      if (!check.ok) throw check.error ?? new Error(check.reason);
    },
    async close() {
      await orm.close(true);
    },
  };
}
