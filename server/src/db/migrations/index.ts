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
