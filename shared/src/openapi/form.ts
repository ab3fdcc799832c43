// What the builder's form shows for an OpenAPI operation: each parameter and each top-level body
// property as a field with its description, type, enum and example, required ones marked.
import { isObject, type JsonObject } from '../json.ts';
import type { RequestField } from '../request/fields.ts';
import type { ResolvedOperation } from './operation.ts';

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array']);

function describe(schema: unknown, extra: JsonObject = {}): Partial<RequestField> {
  const s = isObject(schema) ? schema : {};
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const example = extra.example ?? s.example ?? s.default ?? (Array.isArray(s.examples) ? s.examples[0] : undefined);
  const description = typeof extra.description === 'string' ? extra.description : typeof s.description === 'string' ? s.description : undefined;
  return {
    ...(typeof type === 'string' && TYPES.has(type) ? { type: type as RequestField['type'] } : {}),
    ...(Array.isArray(s.enum) ? { enum: s.enum.map(String).slice(0, 50) } : {}),
    ...(example !== undefined ? { example: typeof example === 'string' ? example : JSON.stringify(example) } : {}),
    ...(description ? { description: plain(description).slice(0, 300) } : {}),
  };
}

const plain = (text: string) => text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

/** Descriptions of an operation's fields by name, for placeholderFields(). */
export function operationFieldInfo({ definition }: ResolvedOperation): Record<string, Partial<RequestField>> {
  const info: Record<string, Partial<RequestField>> = {};
  for (const parameter of (Array.isArray(definition.parameters) ? definition.parameters : []).filter(isObject)) {
    if (typeof parameter.name !== 'string') continue;
    info[parameter.name] = { ...describe(parameter.schema, parameter), required: parameter.in === 'path' || parameter.required === true };
  }
  const body = isObject(definition.requestBody) && isObject(definition.requestBody.content) ? Object.values(definition.requestBody.content).find(isObject) : undefined;
  const schema = body && isObject(body.schema) ? body.schema : undefined;
  const required = schema && Array.isArray(schema.required) ? schema.required.map(String) : [];
  if (schema && isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) info[name] ??= { ...describe(property), required: required.includes(name) };
  }
  return info;
}
