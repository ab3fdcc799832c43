import { createRequestSpec, type MultipartPart, type Pair, type RequestAuth, type RequestBody, type RequestSpec } from '../request/spec.ts';
import type { CatalogOperation } from './catalog.ts';
import { isObject, type JsonObject } from '../json.ts';
import { dereferenceDeep, openApiError, resolvePointer, type OpenApiDocument } from './document.ts';

/** One operation with its parameters, body and security schemes fully resolved. */
export interface ResolvedOperation {
  operation: CatalogOperation;
  /** The operation object with every `$ref` replaced (recursive ones marked `$circular`). */
  definition: JsonObject;
  securitySchemes: Record<string, JsonObject>;
  /** Server objects (with variables) that apply to the operation. */
  servers: JsonObject[];
}

/** Dereferences one operation, only when the user picks it. */
export function resolveOperation(doc: OpenApiDocument, operation: CatalogOperation): ResolvedOperation {
  const { root } = doc;
  const raw = resolvePointer(root, `#${operation.pointer}`, operation.pointer);
  if (!isObject(raw)) throw openApiError(operation.pointer, 'This operation is not an object');
  const pathItem = resolvePointer(root, `#${operation.pointer.replace(/\/[a-z]+$/, '')}`, operation.pointer) as JsonObject;
  // What a request needs: parameters (path-level ones first) and the body. Responses are left
  // out; in Stripe's spec they reference nearly every schema.
  const parameters = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(raw.parameters) ? raw.parameters : [])];
  const { responses: _responses, callbacks: _callbacks, ...rest } = raw;
  const definition = dereferenceDeep(root, { ...rest, parameters }, operation.pointer) as JsonObject;
  const components = isObject(root.components) && isObject(root.components.securitySchemes) ? root.components.securitySchemes : {};
  const securitySchemes: Record<string, JsonObject> = {};
  for (const name of operation.security.flat()) {
    const scheme = dereferenceDeep(root, components[name], `/components/securitySchemes/${name}`);
    if (isObject(scheme)) securitySchemes[name] = scheme;
  }
  const serverList = [raw.servers, pathItem.servers, root.servers].find((s) => Array.isArray(s) && s.length) as unknown[] | undefined;
  return { operation, definition, securitySchemes, servers: (serverList ?? []).filter(isObject) };
}

export interface OperationToRequestOptions {
  /** A server URL; defaults to the operation's first server with its variables' defaults. */
  server?: string;
  /** Values for parameters and top-level body properties, by name. */
  values?: Record<string, string>;
}

/**
 * Fills a RequestSpec from an operation: path, required query and header parameters, a body
 * built from examples, defaults and the schema, and the auth its security scheme asks for.
 * What it cannot know becomes a `{{placeholder}}`.
 */
export function operationToRequest(resolved: ResolvedOperation, { server, values = {} }: OperationToRequestOptions = {}): RequestSpec {
  const { operation, definition } = resolved;
  const parameters = (Array.isArray(definition.parameters) ? definition.parameters : []).filter(isObject);
  const valueOf = (parameter: JsonObject): string | undefined => {
    const name = String(parameter.name);
    if (values[name] !== undefined) return values[name];
    const sample = exampleOf(parameter) ?? (isObject(parameter.schema) ? sampleSchema(parameter.schema, 0, true) : undefined);
    return sample === undefined ? undefined : typeof sample === 'string' ? sample : JSON.stringify(sample);
  };
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    const value = values[name] ?? (parameter ? exampleOf(parameter) : undefined);
    return value === undefined ? `{{${name}}}` : encodeURIComponent(String(value));
  });
  const query: Pair[] = [];
  const headers: Pair[] = [];
  for (const parameter of parameters) {
    const wanted = parameter.required === true || values[String(parameter.name)] !== undefined;
    if (!wanted || (parameter.in !== 'query' && parameter.in !== 'header')) continue;
    const pair = { name: String(parameter.name), value: valueOf(parameter) ?? `{{${String(parameter.name)}}}` };
    (parameter.in === 'query' ? query : headers).push(pair);
  }
  const body = requestBody(definition.requestBody, values);
  const auth = authFromSecurity(resolved);
  return createRequestSpec({
    name: operation.summary || operation.operationId,
    ...(operation.description ? { description: operation.description } : {}),
    method: operation.method === 'TRACE' ? 'GET' : operation.method,
    url: `${(server ?? defaultServer(resolved.servers)).replace(/\/$/, '')}${path}`,
    query,
    headers,
    body,
    auth,
  });
}

function defaultServer(servers: JsonObject[]): string {
  const first = servers[0];
  if (!first || typeof first.url !== 'string') return '{{baseUrl}}';
  const variables = isObject(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? String(variable.default) : `{{${name}}}`;
  });
  return /^https?:\/\//.test(url) ? url : `{{baseUrl}}${url}`;
}

function requestBody(raw: unknown, values: Record<string, string>): RequestBody {
  if (!isObject(raw) || !isObject(raw.content)) return { mode: 'none' };
  const content = raw.content;
  const types = Object.keys(content);
  const json = types.find((t) => t === 'application/json' || t.endsWith('+json'));
  const form = types.find((t) => t === 'application/x-www-form-urlencoded');
  const multipart = types.find((t) => t === 'multipart/form-data');
  const pick = (type: string) => (isObject(content[type]) ? (content[type] as JsonObject) : {});
  if (json) {
    const media = pick(json);
    let sample = exampleOf(media) ?? (isObject(media.schema) ? sampleSchema(media.schema, 0, raw.required !== true) : {});
    if (isObject(sample) && !Object.keys(sample).length && isObject(media.schema)) sample = placeholdersFor(likelyProperties(media.schema));
    if (isObject(sample)) sample = { ...sample, ...parseValues(values, media.schema) };
    return { mode: 'json', text: JSON.stringify(sample ?? {}, null, 2) };
  }
  if (form || multipart) {
    const media = pick((form ?? multipart)!);
    const schema = isObject(media.schema) ? media.schema : {};
    let sample = exampleOf(media) ?? sampleSchema(schema, 0, true);
    // Nothing is required (Stripe's "create a customer"): offer the properties people fill most.
    if (isObject(sample) && !Object.keys(sample).length) sample = placeholdersFor(likelyProperties(schema));
    const fields: Pair[] = [];
    if (isObject(sample)) for (const [name, value] of Object.entries(sample)) if (value !== undefined && !isObject(value) && !Array.isArray(value)) fields.push({ name, value: String(value) });
    for (const [name, value] of Object.entries(values)) {
      if (isObject(schema.properties) && name in schema.properties && !fields.some((f) => f.name === name)) fields.push({ name, value });
    }
    for (const field of fields) if (values[field.name] !== undefined) field.value = values[field.name]!;
    if (form) return { mode: 'form', fields };
    const properties = isObject(schema.properties) ? schema.properties : {};
    const parts: MultipartPart[] = fields.map((f) => {
      const property = properties[f.name];
      return isObject(property) && property.format === 'binary' ? { kind: 'file', name: f.name, binaryProperty: 'data' } : { kind: 'text', name: f.name, value: f.value };
    });
    return { mode: 'multipart', parts };
  }
  const type = types[0];
  if (!type) return { mode: 'none' };
  const example = exampleOf(pick(type));
  if (/octet-stream|image\/|application\/pdf/.test(type)) return { mode: 'binary', contentType: type, binaryProperty: 'data' };
  return { mode: 'raw', contentType: type, text: typeof example === 'string' ? example : example === undefined ? '' : JSON.stringify(example) };
}

/** Property names that most requests fill, first among a body's optional properties. */
const COMMON = ['email', 'name', 'title', 'text', 'message', 'content', 'description', 'amount', 'currency', 'phone', 'url', 'body', 'subject', 'status', 'type'];
const MAX_OPTIONAL = 5;

/** When a body has no required property: up to five scalar ones, the commonly filled first. */
export function likelyProperties(schema: JsonObject): string[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const scalar = Object.entries(properties)
    .filter(([, property]) => isObject(property) && property.deprecated !== true && ['string', 'integer', 'number', 'boolean'].includes(String(Array.isArray(property.type) ? property.type[0] : property.type)))
    .map(([name]) => name);
  const rank = (name: string) => (COMMON.includes(name) ? COMMON.indexOf(name) : COMMON.length);
  return scalar.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_OPTIONAL);
}

const placeholdersFor = (names: string[]): JsonObject => Object.fromEntries(names.map((name) => [name, `{{${name}}}`]));

/** Body values typed by the schema: "3" stays a number where the schema says integer. */
function parseValues(values: Record<string, string>, schema: unknown): JsonObject {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    const property = properties[name];
    if (!isObject(property)) continue;
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    out[name] = type === 'integer' || type === 'number' ? Number(value) : type === 'boolean' ? value === 'true' : type === 'object' || type === 'array' ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function exampleOf(node: JsonObject): unknown {
  if (node.example !== undefined) return node.example;
  if (isObject(node.examples)) {
    const first = Object.values(node.examples)[0];
    if (isObject(first) && first.value !== undefined) return first.value;
  }
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  if (isObject(node.schema)) {
    const schema = node.schema;
    if (schema.example !== undefined) return schema.example;
    if (schema.default !== undefined) return schema.default;
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  }
  return undefined;
}

/** A plausible value for a schema. `requiredOnly` keeps objects to their required properties. */
export function sampleSchema(schema: JsonObject, depth = 0, requiredOnly = true): unknown {
  if (schema.$circular || depth > 5) return undefined;
  for (const key of ['example', 'default', 'const'] as const) if (schema[key] !== undefined) return schema[key];
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.filter(isObject).map((s) => sampleSchema(s, depth + 1, requiredOnly));
    return parts.every((p) => isObject(p) || p === undefined) ? Object.assign({}, ...parts) : parts[0];
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const first = Array.isArray(schema[key]) ? schema[key].find(isObject) : undefined;
    if (first) return sampleSchema(first, depth + 1, requiredOnly);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || (type === undefined && isObject(schema.properties))) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    const out: JsonObject = {};
    for (const [name, property] of Object.entries(properties)) {
      if (requiredOnly && !required.includes(name)) continue;
      if (!isObject(property)) continue;
      const value = sampleSchema(property, depth + 1, requiredOnly);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (type === 'array') return isObject(schema.items) ? [sampleSchema(schema.items, depth + 1, requiredOnly)].filter((v) => v !== undefined) : [];
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 0;
  if (type === 'boolean') return false;
  if (type === 'string') {
    const formats: Record<string, string> = { 'date-time': '2026-01-01T00:00:00Z', date: '2026-01-01', email: 'user@example.com', uuid: '00000000-0000-4000-8000-000000000000', uri: 'https://example.com', url: 'https://example.com' };
    return formats[String(schema.format)] ?? 'string';
  }
  return undefined;
}

function authFromSecurity({ operation, securitySchemes }: ResolvedOperation): RequestAuth {
  for (const requirement of operation.security) {
    for (const name of requirement) {
      const scheme = securitySchemes[name];
      if (!scheme) continue;
      if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') return { type: 'basic', username: '{{username}}', password: '{{password}}' };
      if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { type: 'bearer', token: '{{token}}' };
      if (scheme.type === 'apiKey' && scheme.in === 'header') return { type: 'apiKeyHeader', name: String(scheme.name), value: '{{apiKey}}' };
      if (scheme.type === 'apiKey' && scheme.in === 'query') return { type: 'apiKeyQuery', name: String(scheme.name), value: '{{apiKey}}' };
      if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        const flows = isObject(scheme.flows) ? scheme.flows : {};
        const [grant, flow] = Object.entries(flows).find(([, f]) => isObject(f)) ?? [];
        const f = isObject(flow) ? flow : {};
        return {
          type: 'oauth2',
          ...(grant && ['authorizationCode', 'clientCredentials', 'password', 'implicit'].includes(grant) ? { grantType: grant as 'authorizationCode' } : {}),
          ...(typeof f.authorizationUrl === 'string' ? { authorizationUrl: f.authorizationUrl } : {}),
          ...(typeof f.tokenUrl === 'string' ? { tokenUrl: f.tokenUrl } : {}),
          scopes: isObject(f.scopes) ? Object.keys(f.scopes) : [],
        };
      }
    }
  }
  return { type: 'none' };
}
