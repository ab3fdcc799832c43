import type { MikroORM } from '@mikro-orm/sql';
import { Migration0001ServerMeta } from './0001-server-meta.ts';
import { Migration0002Accounts } from './0002-accounts.ts';
import { Migration0003RequestColumn } from './0003-request-column.ts';
import { Migration0004ExecutionReadModels } from './0004-execution-read-models.ts';
import { Migration0005WorkflowOutlines } from './0005-workflow-outlines.ts';
import { Migration0006IdempotencyKeys } from './0006-idempotency-keys.ts';
import { Migration0007Sync } from './0007-sync.ts';
import { Migration0008DataKeys } from './0008-data-keys.ts';
import { Migration0010ExecutionRollups } from './0010-execution-rollups.ts';
import { Migration0011AdminUsers } from './0011-admin-users.ts';
import { Migration0012WorkflowWeekRollups } from './0012-workflow-week-rollups.ts';

/** Every migration, in order. The same list runs on Postgres and on embedded PGlite. */
export const migrations = [Migration0001ServerMeta, Migration0002Accounts, Migration0003RequestColumn, Migration0004ExecutionReadModels, Migration0005WorkflowOutlines, Migration0006IdempotencyKeys, Migration0007Sync, Migration0008DataKeys, Migration0010ExecutionRollups, Migration0011AdminUsers, Migration0012WorkflowWeekRollups];

/** The advisory lock key the replicas take around their migrations ('AIHT'). */
const MIGRATION_LOCK = 0x41494854;

/**
 * Applies the pending migrations on Postgres, where replicas that start at once (docker-compose
 * starts two) take turns: each holds an advisory lock, in a transaction of its own, while it
 * migrates, so the first migrates and the others find nothing left to do. Without it, they raced to
 * create the same tables, and all but one stopped with "duplicate key value violates unique constraint".
 */
export async function migrateUnderLock(orm: MikroORM): Promise<{ name: string }[]> {
  const connection = orm.em.getConnection();
  return connection.transactional(async (held) => {
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK], 'all', held);
    return orm.migrator.up();
  });
}
