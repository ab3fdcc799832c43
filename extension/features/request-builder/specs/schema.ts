// What the specs store keeps, as versioned zod shapes (shared/versioned.ts): a spec's summary row
// and one row per operation with the slice of the document a request needs. Old rows read through
// `parse()` keep working once a v2 is added with its up() step.
import { z } from 'zod';
import { versioned } from '@ai-http/shared/versioned';

export const specSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.string() }),
  z.object({ kind: z.literal('file'), name: z.string() }),
  z.object({ kind: z.literal('text') }),
]);
export type SpecSourceInfo = z.infer<typeof specSourceSchema>;

export const securitySchemeSummarySchema = z.object({
  name: z.string(),
  /** `http`, `apiKey`, `oauth2`, `openIdConnect`, `mutualTLS`. */
  type: z.string(),
  /** `bearer` / `basic` for http, `header` / `query` / `cookie` for apiKey. */
  detail: z.string().optional(),
  /** The header or query parameter an API key goes in. */
  paramName: z.string().optional(),
});
export type SecuritySchemeSummary = z.infer<typeof securitySchemeSummarySchema>;

const storedSpecV1 = z.object({
  v: z.literal(1),
  /** Stable across re-imports of the same API (same title and version, or same URL). */
  id: z.string().min(1),
  title: z.string(),
  version: z.string(),
  /** The version the document declared: `2.0`, `3.0.3`, `3.1.0`. */
  sourceVersion: z.string(),
  source: specSourceSchema,
  servers: z.array(z.string()),
  securitySchemes: z.array(securitySchemeSummarySchema),
  operationCount: z.number().int().nonnegative(),
  /** Size of the document read, and of what the store keeps for it (catalog + resolved operations). */
  documentBytes: z.number().int().nonnegative(),
  storedBytes: z.number().int().nonnegative(),
  importedAt: z.number(),
  updatedAt: z.number(),
});
export const storedSpec = versioned('StoredSpec', [storedSpecV1]);
export type StoredSpec = z.output<typeof storedSpecV1>;

const catalogOperationSchema = z.object({
  operationId: z.string(),
  method: z.enum(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']),
  path: z.string(),
  summary: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  parameters: z.array(z.object({ name: z.string(), in: z.enum(['path', 'query', 'header', 'cookie']), required: z.boolean(), description: z.string().optional() })),
  requestBodyTypes: z.array(z.string()),
  security: z.array(z.array(z.string())),
  servers: z.array(z.string()),
  deprecated: z.boolean(),
  pointer: z.string(),
});

/** The operation with its `$ref`s replaced (operation.ts ResolvedOperation, less the catalog entry). */
const resolvedPayloadSchema = z.object({
  definition: z.record(z.string(), z.unknown()),
  securitySchemes: z.record(z.string(), z.record(z.string(), z.unknown())),
  servers: z.array(z.record(z.string(), z.unknown())),
});
export type ResolvedPayload = z.infer<typeof resolvedPayloadSchema>;

const storedOperationV1 = z.object({
  v: z.literal(1),
  specId: z.string(),
  operationId: z.string(),
  operation: catalogOperationSchema,
  /** Null when the operation could not be resolved; `error` then says why. */
  resolved: resolvedPayloadSchema.nullable(),
  error: z.string().optional(),
});
export const storedOperation = versioned('StoredOperation', [storedOperationV1]);
export type StoredOperation = z.output<typeof storedOperationV1>;
