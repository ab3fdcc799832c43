import { z } from 'zod';
import { isObject, type JsonObject } from '../json.ts';
import type { ResolvedOperation } from '../openapi/operation.ts';
import { likelyProperties, operationToRequest } from '../openapi/operation.ts';
import { isSecretHeader, isSecretQuery, redactUrl } from '../request/secrets.ts';
import { httpMethodSchema, requestSpec, type RequestSpec } from '../request/spec.ts';
import type { SearchHit } from '../search/index.ts';
import { templatePlaceholders, type Template } from '../templates/schema.ts';

/**
 * A candidate operation as the model sees it: only what choosing and filling it needs (method,
 * path, summary, parameters, the body's top-level properties), plus the request it fills, kept
 * out of the prompt. Candidates come from the search index (templates, saved requests offered as
 * templates, imported OpenAPI operations), so the model never sees an endpoint nobody described.
 */
export const CANDIDATE_SOURCES = ['openapi', 'template', 'saved'] as const;
const SCALAR_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array'] as const;

export const compactFieldSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(SCALAR_TYPES),
  required: z.boolean(),
  enum: z.array(z.string().max(100)).max(20).optional(),
  description: z.string().max(120).optional(),
});
export type CompactField = z.infer<typeof compactFieldSchema>;

export const compactParameterSchema = compactFieldSchema.extend({ in: z.enum(['path', 'query', 'header', 'placeholder']) });
export type CompactParameter = z.infer<typeof compactParameterSchema>;

export const aiCandidateSchema = z.object({
  /** `op:<operationId>`, `tpl:<template id>`, `saved:<id>`: the only values the model may answer with. */
  id: z.string().min(1).max(300),
  source: z.enum(CANDIDATE_SOURCES),
  method: httpMethodSchema,
  /** The path for an operation, the URL for a template. */
  path: z.string().max(2000),
  summary: z.string().max(300),
  parameters: z.array(compactParameterSchema).max(40),
  /** The body's top-level properties; null when the request has no body the model fills. */
  body: z.array(compactFieldSchema).max(40).nullable(),
  /** The request the choice fills: `{{placeholders}}` where values go. */
  request: requestSpec.field,
});
export type AiCandidate = z.infer<typeof aiCandidateSchema>;

/** How many body properties and query parameters a candidate keeps: required ones first. */
const MAX_BODY_FIELDS = 15;
const MAX_QUERY = 8;
const DESCRIPTION_CHARS = 80;

const shortText = (text: unknown) => {
  if (typeof text !== 'string') return undefined;
  const plain = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  if (!plain) return undefined;
  const sentence = /^(.{0,120}?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  return sentence.length > DESCRIPTION_CHARS ? `${sentence.slice(0, DESCRIPTION_CHARS - 1)}…` : sentence;
};

function typeOf(schema: JsonObject): CompactField['type'] {
  const raw = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (typeof raw === 'string' && (SCALAR_TYPES as readonly string[]).includes(raw)) return raw as CompactField['type'];
  const alternative = [schema.anyOf, schema.oneOf].find(Array.isArray)?.find(isObject);
  if (alternative) return typeOf(alternative);
  return isObject(schema.properties) ? 'object' : 'string';
}

function fieldOf(name: string, schema: unknown, required: boolean): CompactField {
  const s = isObject(schema) ? schema : {};
  const field: CompactField = { name, type: typeOf(s), required };
  const values = Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  if (values.length) field.enum = values.slice(0, 20).map((v) => v.slice(0, 100));
  const description = shortText(s.description);
  if (description) field.description = description;
  return field;
}

/** The JSON or form body schema of a resolved operation, as top-level fields. */
function bodyFields(definition: JsonObject): CompactField[] | null {
  const body = definition.requestBody;
  if (!isObject(body) || !isObject(body.content)) return null;
  const type = Object.keys(body.content).find((t) => /json|x-www-form-urlencoded|multipart/.test(t));
  const media = type ? body.content[type] : undefined;
  const schema = isObject(media) && isObject(media.schema) ? media.schema : null;
  if (!schema || !isObject(schema.properties)) return null;
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const likely = likelyProperties(schema);
  const names = Object.keys(schema.properties);
  // Required first, then the commonly filled ones, then the rest in the spec's order.
  const rank = (name: string) => (required.includes(name) ? 0 : likely.includes(name) ? 1 : 2);
  const kept = [...names].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_BODY_FIELDS);
  return kept.map((name) => fieldOf(name, (schema.properties as JsonObject)[name], required.includes(name)));
}

/** An imported OpenAPI operation, resolved, as a candidate. */
export function candidateFromOperation(resolved: ResolvedOperation): AiCandidate {
  const { operation, definition } = resolved;
  const raw = (Array.isArray(definition.parameters) ? definition.parameters : []).filter(isObject);
  const parameters: CompactParameter[] = [];
  for (const p of raw) {
    const where = p.in;
    const name = String(p.name);
    if (where !== 'path' && where !== 'query' && where !== 'header') continue;
    // Credentials are never the model's to fill: they become n8n credentials.
    if ((where === 'header' && isSecretHeader(name)) || (where === 'query' && isSecretQuery(name))) continue;
    const required = where === 'path' || p.required === true;
    parameters.push({ ...fieldOf(name, isObject(p.schema) ? { ...p.schema, description: p.description ?? p.schema.description } : p, required), required, in: where });
  }
  const path = parameters.filter((p) => p.in === 'path');
  const others = parameters.filter((p) => p.in !== 'path').sort((a, b) => Number(b.required) - Number(a.required)).slice(0, MAX_QUERY);
  return {
    id: `op:${operation.operationId}`,
    source: 'openapi',
    method: operation.method === 'TRACE' ? 'GET' : operation.method,
    path: operation.path,
    summary: (operation.summary || operation.operationId).slice(0, 300),
    parameters: [...path, ...others],
    body: bodyFields(definition),
    request: operationToRequest(resolved),
  };
}

/** A built-in or user template (or a saved request offered as one): its placeholders are its parameters. */
export function candidateFromTemplate(template: Template, source: 'template' | 'saved' = template.builtinId ? 'template' : 'saved'): AiCandidate {
  const authPlaceholders = new Set([...JSON.stringify(template.request.auth).matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]));
  const parameters: CompactParameter[] = templatePlaceholders(template)
    .filter((name) => !authPlaceholders.has(name))
    .map((name) => ({ name, type: 'string', required: true, in: 'placeholder' }));
  return {
    // A built-in keeps its slug wherever it is stored (the server's row id differs).
    id: template.builtinId ? `tpl:${template.builtinId}` : `${source === 'saved' ? 'saved' : 'tpl'}:${template.id}`,
    source,
    method: template.request.method,
    // A saved request's URL can hold a key (`?api_key=…`); the prompt never does.
    path: redactUrl(template.request.url),
    summary: `${template.service}: ${template.name}. ${template.description}`.slice(0, 300),
    parameters,
    body: null,
    request: template.request,
  };
}

/** The search's hits as candidates; operations are resolved on demand (only the few hits are). */
export function candidatesFromHits(hits: readonly SearchHit[], resolve: (hit: Extract<SearchHit, { kind: 'operation' }>) => ResolvedOperation | null): AiCandidate[] {
  const out: AiCandidate[] = [];
  for (const hit of hits) {
    if (hit.kind === 'template') out.push(candidateFromTemplate(hit.template));
    else {
      const resolved = resolve(hit);
      if (resolved) out.push(candidateFromOperation(resolved));
    }
  }
  return out;
}

/** The request a candidate makes without a model: the offline answer. */
export const offlineRequest = (candidate: AiCandidate): RequestSpec => candidate.request;
