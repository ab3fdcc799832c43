import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ConnectionException, type EntitySchema } from '@mikro-orm/core';
import { MikroORM, type AbstractSqlDriver, type EntityManager, type Options } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { migrateUnderLock, migrations } from '../db/migrations/index.ts';

export interface Database {
  readonly kind: 'postgres' | 'embedded';
  readonly orm: MikroORM;
  /** A fresh unit of work (identity map) on this database: one per request, job or command. */
  fork(): EntityManager;
  ping(): Promise<void>;
  /** Whether every migration this code knows has been applied (false on an empty or older schema). */
  schemaIsCurrent(): Promise<boolean>;
  close(): Promise<void>;
}

// Driver and socket codes that mean "the database cannot be reached", not "this query is wrong":
// sockets, Postgres class 08 (connection exception), 57P01-03 (shutting down, cannot connect
// now) and 53300 (too many connections).
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const OUTAGE_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection timeout|PGlite is closed|not currently accepting connections|Client has encountered a connection error|Cannot use a pool after calling end/i;

/**
 * Whether an error means the store is unreachable (answered 503 SERVICE_UNAVAILABLE, with
 * Retry-After) rather than a fault in a request (500). Follows `cause` a few levels: drivers and
 * the ORM wrap socket errors.
 */
export function isStoreOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof ConnectionException) return true;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (OUTAGE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
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
  let unlock = () => {};
  if (config.kind === 'postgres') {
    // A DATABASE_URL with a typo must not start on a new, empty database: create only when asked.
    orm = await MikroORM.init<AbstractSqlDriver>({ ...common, driver: PostgreSqlDriver, clientUrl: config.url, pool: { min: 0, max: 10 }, ensureDatabase: config.create });
  } else {
    // Only this user may read the database files (0700, like secrets.json's 0600).
    mkdirSync(config.dir, { recursive: true, mode: 0o700 });
    chmodSync(config.dir, 0o700);
    unlock = lockDataDir(config.dir);
    // dbName 'postgres' is the database every PGlite cluster starts with.
    orm = await MikroORM.init<AbstractSqlDriver>({ ...common, driver: PgliteDriver, dbName: 'postgres', driverOptions: { dataDir: config.dir } }).catch((error: unknown) => {
      unlock();
      throw error;
    });
  }
  if (config.kind === 'postgres' && !config.create) {
    // The migrator creates a missing database on its own: look first.
    const exists = await orm.em.getPlatform().getSchemaHelper()!.databaseExists(orm.em.getConnection(), orm.config.get('dbName'));
    if (!exists) {
      await orm.close(true);
      throw new Error('the database DATABASE_URL names does not exist: create it (createdb <name>), or set DATABASE_CREATE=true to let the server create it');
    }
  }
  const applied = await (config.kind === 'postgres' ? migrateUnderLock(orm) : orm.migrator.up()).catch(async (error: unknown) => {
    await orm.close(true);
    unlock();
    throw error;
  });
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  return {
    kind: config.kind,
    orm,
    fork: () => orm.em.fork() as EntityManager,
    async ping() {
      const check = await orm.checkConnection();
      if (!check.ok) throw check.error ?? new Error(check.reason);
    },
    async schemaIsCurrent() {
      return (await orm.migrator.getPending()).length === 0;
    },
    async close() {
      await orm.close(true);
      unlock();
    },
  };
}

/**
 * One process at a time on an embedded database: PGlite has no lock of its own, and a second
 * process (the CLI next to a running server) writing the same files loses or corrupts writes. The
 * lock is a file beside the folder holding the owner's pid; a pid that no longer runs (kill -9)
 * leaves a stale lock, which is taken over. Answers the release.
 */
export function lockDataDir(dir: string): () => void {
  const path = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        const owner = (() => {
          try {
            return readFileSync(path, 'utf8').trim();
          } catch {
            return null;
          }
        })();
        if (owner === String(process.pid)) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new Error(`the embedded database in ${dir} is in use by pid ${pid}: stop that process first (a server and the CLI cannot share it; use DATABASE_URL for more than one process)`, { cause: error });
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock the embedded database in ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
