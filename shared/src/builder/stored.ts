import { z } from 'zod';
import { requestSpec } from '../request/spec.ts';
import { versioned } from '../versioned.ts';

/**
 * What the request builder keeps on the user's machine (Dexie), ready for the sync issue to carry
 * to the server: stable ids, `updatedAt` on every write, and tombstones (`deletedAt`) instead of
 * deletes so a removal can be synced.
 */
const stamps = {
  id: z.string().min(1),
  /** Epoch milliseconds of the last change. */
  updatedAt: z.number().int().nonnegative(),
  /** Set when the user deleted it; the row stays until the server has heard of the deletion. */
  deletedAt: z.number().int().nonnegative().nullable(),
};

export const localSavedRequestV1 = z.object({
  v: z.literal(1),
  ...stamps,
  name: z.string().min(1).max(200),
  tags: z.array(z.string().min(1).max(40)).max(20),
  request: requestSpec.field,
  /** Values the user typed for its fields (placeholders, expression samples), secrets excluded. */
  values: z.record(z.string(), z.string()),
});
/** v2: a saved request can be a user template, offered in the template search beside the built-ins. */
export const localSavedRequestV2 = localSavedRequestV1.extend({
  v: z.literal(2),
  kind: z.enum(['request', 'template']),
});
export const localSavedRequest = versioned('LocalSavedRequest', [localSavedRequestV1, localSavedRequestV2], [
  (v1: z.output<typeof localSavedRequestV1>): z.input<typeof localSavedRequestV2> => ({ ...v1, v: 2, kind: 'request' }),
]);
export type LocalSavedRequest = z.output<typeof localSavedRequestV2>;

export { HISTORY_BODY_LIMIT, HISTORY_LIMIT } from './limits.ts';

export const historyEntryV1 = z.object({
  v: z.literal(1),
  ...stamps,
  /** Epoch milliseconds when it was sent. */
  sentAt: z.number().int().nonnegative(),
  /** The request as it was sent (fields filled). */
  request: requestSpec.field,
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('response'), status: z.number().int(), timeMs: z.number().nonnegative(), sizeBytes: z.number().int().nonnegative(), contentType: z.string(), body: z.string().nullable() }),
    z.object({ kind: z.literal('failure'), code: z.string(), message: z.string(), timeMs: z.number().nonnegative() }),
  ]),
});
export const historyEntry = versioned('HistoryEntry', [historyEntryV1]);
export type HistoryEntry = z.output<typeof historyEntryV1>;
