import { z } from 'zod';
import { requestSpec } from '../request/spec.ts';
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
const id = z.uuid();

/** A page of a list: newest first, `nextCursor` (opaque) until the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };
export const deletedSchema = z.object({ id, deleted: z.literal(true) });

// ---- accounts ---------------------------------------------------------------------------------

export const PLANS = ['FREE', 'PRO', 'TEAM', 'ENTERPRISE'] as const;
const email = z.email({ message: 'must be an email address' }).max(254).transform((v) => v.trim());

export const registerInput = z.object({
  email,
  password: z.string().min(10, { message: 'must be at least 10 characters' }).max(256),
  name: z.string().trim().min(1).max(100),
});
export const loginInput = z.object({ email, password: z.string().min(1).max(256) });
export const refreshInput = z.object({ refreshToken: z.string().min(10).max(200) });

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
