import { z } from 'zod';
import { STAMP_PATTERN } from './hlc.ts';
import { syncedEntitySchema } from './entities.ts';

/**
 * The wire shapes of /api/v1/sync/push and /api/v1/sync/pull (the Replicache model: a client
 * pushes its outbox, numbered per client, and pulls whole records changed since a cursor).
 */
export const SYNC_PROTOCOL_VERSION = 1;
export const PUSH_LIMIT = 500;
export const PULL_LIMIT = 1000;

const clientId = z.string().regex(/^[\w-]{8,64}$/, 'a client id is 8 to 64 letters, digits, _ or -');
const stamp = z.string().regex(STAMP_PATTERN, 'a stamp is <wall>:<counter>:<node>');

export const mutationSchema = z.object({
  /** The client's mutation id: 1, 2, 3… per client, in the order the user made them. */
  mid: z.number().int().positive(),
  op: z.enum(['create', 'update', 'delete']),
  entity: syncedEntitySchema,
  id: z.string().regex(/^[\w-]{1,64}$/, 'a record id is 1 to 64 letters, digits, _ or -'),
  /** The version of the entity's schema `fields` are written at. */
  v: z.number().int().positive(),
  fields: z.record(z.string(), z.unknown()).default({}),
  stamp,
});
export type Mutation = z.output<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  v: z.literal(SYNC_PROTOCOL_VERSION),
  clientId,
  mutations: z.array(mutationSchema).max(PUSH_LIMIT),
});
export type PushRequest = z.output<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
  mid: z.number().int(),
  /** applied; duplicate (seen before: applied once); gone (the record is unknown or purged); rejected (invalid fields, see message). */
  status: z.enum(['applied', 'duplicate', 'gone', 'rejected']),
  message: z.string().optional(),
  /** For an applied one: the stamp it was applied with (the device's, or the server's when the device's clock ran ahead). */
  stamp: stamp.optional(),
});
export type MutationResult = z.output<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  /** Every mutation up to this id is processed (applied, gone or rejected) and will never apply again. */
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.output<typeof pushResponseSchema>;

export const pullRequestSchema = z.object({
  v: z.literal(SYNC_PROTOCOL_VERSION),
  clientId,
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(PULL_LIMIT).default(500),
});
export type PullRequest = z.output<typeof pullRequestSchema>;
/** The same, as the query of GET /api/v1/sync/pull. */
// Digits only: z.coerce would also take " ", "1e3" or "0x10".
const wholeNumber = (max: number) => z.string().regex(/^\d{1,16}$/, 'a whole number').transform(Number).pipe(z.number().int().max(max));
export const pullQuerySchema = z.object({
  v: wholeNumber(SYNC_PROTOCOL_VERSION).pipe(z.literal(SYNC_PROTOCOL_VERSION)).default(SYNC_PROTOCOL_VERSION),
  clientId,
  /** A change sequence (not an opaque list cursor): 0 for everything. */
  cursor: wholeNumber(Number.MAX_SAFE_INTEGER).default(0),
  limit: wholeNumber(PULL_LIMIT).pipe(z.number().min(1)).default(500),
});

export const syncRecordSchema = z.object({
  entity: syncedEntitySchema,
  id: z.string(),
  v: z.number().int().positive(),
  fields: z.record(z.string(), z.unknown()),
  clocks: z.record(z.string(), stamp),
  created: stamp.nullable(),
  deleted: stamp.nullable(),
  /** The change sequence of its last write: the cursor after it. */
  seq: z.number().int().nonnegative(),
});
export type PulledRecord = z.output<typeof syncRecordSchema>;

export const pullResponseSchema = z.object({
  /** The request's cursor, echoed: a client applies only the answer to the cursor it holds (a late answer is stale). */
  cursor: z.number().int().nonnegative(),
  nextCursor: z.number().int().nonnegative(),
  more: z.boolean(),
  /**
   * The request's cursor is older than the tombstones purged since: this page is read from 0, and
   * the client drops every record it had that the full pull does not bring back.
   */
  reset: z.boolean(),
  /** The client's last processed mutation: its outbox drops everything up to it. */
  lastMutationId: z.number().int().nonnegative(),
  records: z.array(syncRecordSchema),
});
export type PullResponse = z.output<typeof pullResponseSchema>;
