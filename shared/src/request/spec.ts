import { z } from 'zod';
import { versioned } from '../versioned.ts';
import { HTTP_METHODS } from './blank.ts';

/**
 * RequestSpec: one HTTP request, independent of where it came from (cURL, OpenAPI, a template,
 * natural language) and where it goes (an n8n HTTP Request node, cURL, a test send).
 * Stored in Dexie and on the server and sent between them, so it is versioned: add a v2 schema
 * and an up() step in `requestSpec` below rather than changing v1.
 */

/** The methods an n8n HTTP Request node can send. */
export { HTTP_METHODS } from './blank.ts';
export const httpMethodSchema = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

/** One name/value row. Lists of rows keep order and repeated names (`?tag=a&tag=b`). */
export const pairSchema = z.object({ name: z.string(), value: z.string() });
export type Pair = z.infer<typeof pairSchema>;

export const multipartPartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), name: z.string(), value: z.string(), contentType: z.string().optional() }),
  z.object({
    kind: z.literal('file'),
    name: z.string(),
    /** The file name the sender gave (`-F file=@photo.jpg` → `photo.jpg`). */
    fileName: z.string().optional(),
    contentType: z.string().optional(),
    /** Which binary property of the incoming n8n item holds the file. */
    binaryProperty: z.string().default('data'),
  }),
]);
export type MultipartPart = z.infer<typeof multipartPartSchema>;

export const requestBodySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  /** The exact JSON text, so key order, nesting and number formatting survive. */
  z.object({ mode: z.literal('json'), text: z.string() }),
  /** application/x-www-form-urlencoded */
  z.object({ mode: z.literal('form'), fields: z.array(pairSchema) }),
  /** multipart/form-data */
  z.object({ mode: z.literal('multipart'), parts: z.array(multipartPartSchema) }),
  /** Any other text body, with its content type (XML, plain text, GraphQL, …). */
  z.object({ mode: z.literal('raw'), contentType: z.string(), text: z.string() }),
  /** A file sent as the whole body (`--data-binary @file`). */
  z.object({ mode: z.literal('binary'), contentType: z.string().optional(), fileName: z.string().optional(), binaryProperty: z.string().default('data') }),
]);
export type RequestBody = z.infer<typeof requestBodySchema>;

export const requestAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.object({ type: z.literal('bearer'), token: z.string() }),
  z.object({ type: z.literal('apiKeyHeader'), name: z.string().min(1), value: z.string() }),
  z.object({ type: z.literal('apiKeyQuery'), name: z.string().min(1), value: z.string() }),
  /** A placeholder: OAuth2 is configured as an n8n credential, never inline. */
  z.object({
    type: z.literal('oauth2'),
    grantType: z.enum(['authorizationCode', 'clientCredentials', 'password', 'implicit']).optional(),
    authorizationUrl: z.string().optional(),
    tokenUrl: z.string().optional(),
    scopes: z.array(z.string()).default([]),
  }),
]);
export type RequestAuth = z.infer<typeof requestAuthSchema>;

/** Absent options mean "n8n's default" (which follows redirects, unlike cURL). */
export const requestOptionsSchema = z.object({
  followRedirects: z.boolean().optional(),
  maxRedirects: z.number().int().min(0).optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** Skip TLS certificate verification (`-k`; n8n's allowUnauthorizedCerts). */
  insecure: z.boolean().optional(),
  /** `http://user:pass@host:port` */
  proxy: z.string().optional(),
  /** Return status and headers along with the body. */
  fullResponse: z.boolean().optional(),
});
export type RequestOptions = z.infer<typeof requestOptionsSchema>;

export const requestSpecV1Schema = z.object({
  v: z.literal(1),
  name: z.string().optional(),
  description: z.string().optional(),
  method: httpMethodSchema,
  /** Scheme, host and path, without the query string. May hold `{{placeholders}}` or `<ID>`s. */
  url: z.string().min(1),
  query: z.array(pairSchema).default([]),
  headers: z.array(pairSchema).default([]),
  body: requestBodySchema.default({ mode: 'none' }),
  auth: requestAuthSchema.default({ type: 'none' }),
  options: requestOptionsSchema.default({}),
});

export const requestSpec = versioned('RequestSpec', [requestSpecV1Schema]);
export type RequestSpec = z.output<typeof requestSpecV1Schema>;
export type RequestSpecInput = z.input<typeof requestSpecV1Schema>;

/** Builds a RequestSpec from partial input, filling every default. */
export function createRequestSpec(input: Omit<RequestSpecInput, 'v'> & { v?: 1 }): RequestSpec {
  return requestSpec.parse({ v: 1, ...input });
}
