import { z } from 'zod';
import { errorCategorySchema, executionStatusSchema } from '../n8n/digest-schema.ts';
import { requestSpec } from '../request/spec.ts';
import { isStorableDate } from '../text.ts';
import { templateSchema, templateV2Schema } from '../templates/schema.ts';
import { versioned } from '../versioned.ts';
import { normalizeBaseUrl } from '../url.ts';

/**
 * The REST API's data shapes (`/api/v1`), in one place for the server, which validates what it
 * receives and documents what it answers with them, and for the extension, which validates every
 * answer with them. Each answer shape is versioned (a literal `v` and `up()` steps); inputs are
 * validated as they are sent. The envelope around them is `successEnvelopeSchema` /
 * `errorEnvelopeSchema` in errors.ts, versioned by the `/api/v1` path.
 */

/** Timestamps travel as ISO 8601 text. */
export const timestampSchema = z.iso.datetime({ offset: true });
/**
 * A timestamp a client sends to be compared with stored ones: years 1 to 9999 once moved to UTC
 * (`0000-…`, or `9999-12-31T23:59-14:00`, which is year 10000, made the stores fail with a 500).
 */
export const timestampInput = timestampSchema.refine((text) => isStorableDate(new Date(text)), { message: 'must be between years 1 and 9999 (UTC)' });
const id = z.uuid();

/** A page of a list: newest first, `nextCursor` (opaque) until the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };
export const deletedSchema = z.object({ id, deleted: z.literal(true) });

// ---- accounts ---------------------------------------------------------------------------------

export const PLANS = ['FREE', 'PRO', 'TEAM', 'ENTERPRISE'] as const;
const email = z.email({ message: 'must be an email address' }).max(254).transform((v) => v.trim());

const newPassword = z.string().min(10, { message: 'must be at least 10 characters' }).max(256);
export const registerInput = z.object({
  email,
  password: newPassword,
  name: z.string().trim().min(1).max(100),
});
export const loginInput = z.object({ email, password: z.string().min(1).max(256) });
export const refreshInput = z.object({ refreshToken: z.string().min(10).max(200) });
/** The signed-in user's own name and email (either or both). */
export const profileInput = z
  .object({ name: z.string().trim().min(1, { message: 'must not be empty' }).max(100).optional(), email: email.optional() })
  .refine((input) => input.name !== undefined || input.email !== undefined, { path: ['name'], message: 'send a name or an email' });
/** A new password, given with the current one; the account's other sessions end. */
export const passwordChangeInput = z.object({ currentPassword: z.string().min(1, { message: 'is required' }).max(256), newPassword });
export const passwordChangedView = z.object({ changed: z.literal(true), sessionsEnded: z.number().int().min(0) });
/** One signed-in session (a refresh-token family): when it began and was last refreshed. */
export const accountSessionView = z.object({ id, createdAt: timestampSchema, lastUsedAt: timestampSchema, expiresAt: timestampSchema, current: z.boolean() });
export type AccountSessionView = z.output<typeof accountSessionView>;
export const accountSessionList = z.object({ items: z.array(accountSessionView) });

export const userView = versioned('User', [
  z.object({
    v: z.literal(1),
    id,
    email: z.string(),
    name: z.string(),
    avatarUrl: z.string().nullable(),
    plan: z.enum(PLANS),
    settings: z.record(z.string(), z.unknown()),
    createdAt: timestampSchema,
  }),
]);
export type UserView = z.output<typeof userView.schema>;

export const sessionView = versioned('Session', [
  z.object({ v: z.literal(1), user: userView.field, accessToken: z.string(), accessTokenExpiresIn: z.number(), refreshToken: z.string() }),
]);
export type SessionView = z.output<typeof sessionView.schema>;

// ---- API keys ---------------------------------------------------------------------------------

export const API_KEY_SCOPES = ['read', 'write'] as const;
export const apiKeyInput = z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(['read']) });
export const apiKeyUpdate = z.object({ name: z.string().trim().min(1).max(100) });
export const apiKeyView = versioned('ApiKey', [
  z.object({
    v: z.literal(1),
    id,
    name: z.string(),
    /** The key's first characters, shown so the user can tell keys apart. */
    prefix: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    lastUsedAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
  }),
]);
export type ApiKeyView = z.output<typeof apiKeyView.schema>;
/** The answer to creating a key: the only time the key itself is shown. */
export const createdApiKeyView = z.object({ key: z.string(), apiKey: apiKeyView.field });

// ---- n8n instances ----------------------------------------------------------------------------

export const INSTANCE_STATUSES = ['CONNECTED', 'DISCONNECTED', 'ERROR'] as const;
const n8nUrl = z
  .url({ protocol: /^https?$/, message: 'must be the http(s) address of your n8n, e.g. https://n8n.example.com' })
  .max(500)
  // A user name or password in the address would be stored, shown and logged as plain text.
  .refine((url) => !hasUserinfo(url), { message: 'must not hold a user name or password: put the n8n API key in the API key field instead', abort: true })
  .transform(normalizeBaseUrl);
function hasUserinfo(url: string): boolean {
  const parsed = URL.parse(url);
  return !parsed || parsed.username !== '' || parsed.password !== '';
}
export const instanceInput = z.object({ name: z.string().trim().min(1).max(100), url: n8nUrl, apiKey: z.string().trim().min(10).max(2000) });
export const instanceView = versioned('Instance', [
  z.object({
    v: z.literal(1),
    id,
    name: z.string(),
    url: z.string(),
    /** Never the key: its last four characters, masked (`••••abcd`). */
    apiKey: z.string(),
    status: z.enum(INSTANCE_STATUSES),
    lastSync: timestampSchema.nullable(),
    lastError: z.string().nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  }),
]);
export type InstanceView = z.output<typeof instanceView.schema>;

// ---- saved requests ---------------------------------------------------------------------------

export const savedRequestInput = z.object({ name: z.string().trim().min(1).max(200), request: requestSpec.field });
export const savedRequestView = versioned('SavedRequest', [
  z.object({ v: z.literal(1), id, name: z.string(), request: requestSpec.field, createdAt: timestampSchema, updatedAt: timestampSchema }),
]);
export type SavedRequestView = z.output<typeof savedRequestView.schema>;

// ---- templates --------------------------------------------------------------------------------

/** A template the user writes: the Template shape without what the server decides. */
export const templateInput = templateV2Schema.omit({ v: true, id: true, builtinId: true, updatedAt: true }).extend({
  description: templateV2Schema.shape.description.default(''),
  tags: templateV2Schema.shape.tags.default([]),
  docsUrl: templateV2Schema.shape.docsUrl.default(null),
  isPublic: z.boolean().default(false),
});
/** A stored template is the one Template shape (templates/schema.ts), its `id` the row's. */
export const templateView = templateSchema;

/**
 * PATCH bodies: only the fields sent are changed. Built from the create input without its
 * defaults, so a missing field is absent, never reset to its default.
 */
export function patchOf<T extends z.ZodObject>(input: T) {
  const shape = Object.fromEntries(Object.entries(input.shape).map(([key, field]) => [key, unwrapDefault(field as z.ZodType).optional()]));
  return z.object(shape).refine((value) => Object.values(value).some((v) => v !== undefined), 'send at least one field');
}

function unwrapDefault(field: z.ZodType): z.ZodType {
  return field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
}

// ---- dashboard read models (from the execution summaries the poller stores) --------------------

/**
 * The windows the dashboard reads, ending now: statistics come per hour for 24h and per day
 * (UTC) for 7d and 30d. An execution is failed when n8n says `error` or `crashed` (canceled is
 * the user's choice); a failure whose digest names no category counts as `unknown`.
 */
export const READ_RANGES = ['24h', '7d', '30d'] as const;
export type ReadRange = (typeof READ_RANGES)[number];
export const READ_RANGE_MS: Record<ReadRange, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
export const STAT_BUCKETS = ['hour', 'day'] as const;
const range = z.enum(READ_RANGES).default('7d');
/** An n8n id (workflow or execution): n8n's own, short text. */
const n8nId = z.string().trim().min(1).max(100);

export const workflowHealthQuery = z.object({ range, instanceId: id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const executionListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    instanceId: id.optional(),
    workflowId: n8nId.optional(),
    status: executionStatusSchema.optional(),
    category: errorCategorySchema.optional(),
    from: timestampInput.optional(),
    to: timestampInput.optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), { path: ['to'], message: 'must be after from' });
export const statsQuery = z.object({ range, instanceId: id.optional(), workflowId: n8nId.optional() });

/** The window an answer covers: `from` inclusive, `to` exclusive. */
const window = { range: z.enum(READ_RANGES), from: timestampSchema, to: timestampSchema };
const count = z.number().int().min(0);
const durationMs = z.number().int().min(0).nullable();

/** One workflow's health over the window, from the executions that started in it. */
export const workflowHealthSchema = z.object({
  instanceId: id,
  /** n8n's workflow id. */
  workflowId: z.string(),
  /** As the poller last saw it; null when the workflow is no longer listed by n8n. */
  name: z.string().nullable(),
  runs: count,
  failures: count,
  /** failures / runs, 0 to 1. */
  failureRate: z.number().min(0).max(1),
  lastRunAt: timestampSchema,
  p95DurationMs: durationMs,
  /** The category most of its failures have; null without failures. */
  topErrorCategory: errorCategorySchema.nullable(),
});
export type WorkflowHealth = z.output<typeof workflowHealthSchema>;
/** Every workflow that ran in the window, most failures first (then most runs). */
export const workflowHealthList = versioned('WorkflowHealthList', [z.object({ v: z.literal(1), ...window, items: z.array(workflowHealthSchema) })]);
export type WorkflowHealthList = z.output<typeof workflowHealthList.schema>;

/** A stored execution summary: enough for a list row; the full digest is the stream's. */
export const executionSummaryView = versioned('ExecutionSummary', [
  z.object({
    v: z.literal(1),
    id,
    instanceId: id,
    executionId: z.string(),
    workflowId: z.string(),
    status: z.string(),
    mode: z.string(),
    startedAt: timestampSchema,
    stoppedAt: timestampSchema.nullable(),
    durationMs,
    errorCategory: errorCategorySchema.nullable(),
    failingNode: z.string().nullable(),
    errorMessage: z.string().nullable(),
  }),
]);
export type ExecutionSummaryView = z.output<typeof executionSummaryView.schema>;

const periodTotals = z.object({ runs: count, failures: count, failureRate: z.number().min(0).max(1), p50DurationMs: durationMs, p95DurationMs: durationMs });
export type PeriodTotals = z.output<typeof periodTotals>;
export const statsBucketSchema = z.object({
  /** The bucket's start (UTC hour or day); the first one may begin before `from`. */
  start: timestampSchema,
  runs: count,
  failures: count,
  /** Only the categories that occurred. */
  failuresByCategory: z.partialRecord(errorCategorySchema, count),
  p50DurationMs: durationMs,
  p95DurationMs: durationMs,
});
export type StatsBucket = z.output<typeof statsBucketSchema>;
export const statsView = versioned('Stats', [
  z.object({
    v: z.literal(1),
    ...window,
    bucket: z.enum(STAT_BUCKETS),
    /** Every bucket of the window, oldest first, empty ones included. */
    buckets: z.array(statsBucketSchema),
    totals: periodTotals,
    /** The same figures for the window just before (as long, ending at `from`). */
    previous: periodTotals,
  }),
]);
export type StatsView = z.output<typeof statsView.schema>;

/** How to install the n8n hook file for one instance (GET /api/v1/instances/:id/hook): its URL, secret and the lines to add. */
export const instanceHookView = z.object({
  url: z.string(),
  secret: z.string(),
  env: z.record(z.string(), z.string()),
  dockerCompose: z.string(),
  npm: z.string(),
});
export type InstanceHookView = z.output<typeof instanceHookView>;
