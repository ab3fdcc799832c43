import { Migration0001ServerMeta } from './0001-server-meta.ts';
import { Migration0002Accounts } from './0002-accounts.ts';
import { Migration0003RequestColumn } from './0003-request-column.ts';
import { Migration0004WorkflowOutlines } from './0004-workflow-outlines.ts';
import { Migration0005IdempotencyKeys } from './0005-idempotency-keys.ts';

/** Every migration, in order. The same list runs on Postgres and on embedded PGlite. */
export const migrations = [Migration0001ServerMeta, Migration0002Accounts, Migration0003RequestColumn, Migration0004WorkflowOutlines, Migration0005IdempotencyKeys];
