// @scalar/openapi-parser was chosen by measurement (shared/bench/openapi-parsers.bench.ts, figures
// in docs/PERFORMANCE.md): full dereference times were within 10% of the other two candidates,
// and it is the one written for the browser (no Node polyfills in the extension bundle) and the
// one that upgrades Swagger 2.0 and OpenAPI 3.0 to 3.1, so the catalog reads a single shape.
import { upgrade } from '@scalar/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors.ts';
import { isObject, type JsonObject } from '../json.ts';

/** An OpenAPI 3.1 document (upgraded from 2.0 or 3.0 when needed), not dereferenced. */
export interface OpenApiDocument {
  /** The version the file declared (`2.0`, `3.0.3`, `3.1.0`, …). */
  sourceVersion: string;
  root: JsonObject;
}


export function openApiError(pointer: string, message: string): AppError {
  return new AppError('OPENAPI_INVALID', `${message} (at ${pointer || '/'})`, { pointer: pointer || '/' });
}

/** Reads a JSON or YAML OpenAPI 2.0, 3.0 or 3.1 document. Broken input → OPENAPI_INVALID with a JSON pointer. */
export function loadOpenApi(text: string): OpenApiDocument {
  const trimmed = text.trimStart();
  if (!trimmed) throw openApiError('', 'The OpenAPI document is empty');
  let root: unknown;
  try {
    root = trimmed.startsWith('{') ? JSON.parse(trimmed) : parseYaml(trimmed, { maxAliasCount: 1000 });
  } catch (error) {
    throw openApiError('', `The document is not valid ${trimmed.startsWith('{') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(root)) throw openApiError('', 'An OpenAPI document is an object with "openapi" (or "swagger") and "paths"');
  const declared = root.openapi ?? root.swagger;
  if (typeof declared !== 'string' || !/^(2\.0|3\.[01])(\.\d+)?/.test(declared)) {
    throw openApiError(root.swagger !== undefined ? '/swagger' : '/openapi', `Unsupported or missing version ${JSON.stringify(declared ?? null)}: expected swagger "2.0" or openapi "3.0.x" / "3.1.x"`);
  }
  if (!isObject(root.paths)) throw openApiError('/paths', 'The document has no "paths" object, so there are no operations to import');
  const upgraded = declared.startsWith('3.1') ? root : (upgrade(root).specification as unknown as JsonObject);
  return { sourceVersion: declared, root: upgraded };
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Resolves a local `#/…` reference. Remote references are out of scope: the message says so. */
export function resolvePointer(root: JsonObject, ref: string, from: string): unknown {
  if (!ref.startsWith('#')) throw openApiError(from, `External reference "${ref}" is not supported: bundle the document into one file first`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) throw openApiError(from, `Reference "${ref}" points nowhere`);
    node = (node as JsonObject)[key];
    if (node === undefined) throw openApiError(from, `Reference "${ref}" points nowhere`);
  }
  return node;
}

/** Follows `$ref` chains at one level (a parameter that is a ref to a ref). */
export function deref(root: JsonObject, value: unknown, from: string): unknown {
  const seen = new Set<string>();
  let current = value;
  while (isObject(current) && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw openApiError(from, `Reference "${current.$ref}" refers to itself`);
    seen.add(current.$ref);
    current = resolvePointer(root, current.$ref, from);
  }
  return current;
}

/**
 * A deep copy with every local `$ref` replaced by its target. A reference that is already being
 * expanded further up (a recursive schema) stays `{ $ref, $circular: true }`, so the result is
 * finite and safe to JSON.stringify.
 */
export function dereferenceDeep(root: JsonObject, value: unknown, from: string, stack: string[] = [], maxDepth = 8): unknown {
  if (Array.isArray(value)) return value.map((item) => dereferenceDeep(root, item, from, stack, maxDepth));
  if (!isObject(value)) return value;
  if (typeof value.$ref === 'string') {
    if (stack.includes(value.$ref)) return { $ref: value.$ref, $circular: true };
    // Stripe-sized schemas nest references dozens deep; a request needs the first few levels.
    if (stack.length >= maxDepth) return { $ref: value.$ref, $truncated: true };
    const target = resolvePointer(root, value.$ref, from);
    return dereferenceDeep(root, target, from, [...stack, value.$ref], maxDepth);
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = dereferenceDeep(root, child, from, stack, maxDepth);
  return out;
}
