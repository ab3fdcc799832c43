import { isObject, type JsonObject } from '../json.ts';
import { deref, escapePointer, type OpenApiDocument } from './document.ts';

export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface CatalogParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
}

export interface CatalogOperation {
  /** The operationId, or `METHOD /path` when the document gives none. */
  operationId: string;
  method: Uppercase<(typeof OPENAPI_METHODS)[number]>;
  path: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: CatalogParameter[];
  /** Media types of the request body, e.g. `application/json`. */
  requestBodyTypes: string[];
  /** Security requirement alternatives: each is a list of scheme names that apply together. */
  security: string[][];
  servers: string[];
  deprecated: boolean;
  /** JSON pointer of the operation in the document, e.g. `/paths/~1v1~1customers/post`. */
  pointer: string;
}

export interface OpenApiCatalog {
  title: string;
  version: string;
  servers: string[];
  operations: CatalogOperation[];
}

const serverUrls = (servers: unknown): string[] => (Array.isArray(servers) ? servers.flatMap((s) => (isObject(s) && typeof s.url === 'string' ? [s.url] : [])) : []);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Lists every operation without dereferencing the document: only the parameter and request-body
 * references each operation uses are followed, one level at a time.
 */
export function buildCatalog(doc: OpenApiDocument): OpenApiCatalog {
  const { root } = doc;
  const info = isObject(root.info) ? root.info : {};
  const globalServers = serverUrls(root.servers);
  const globalSecurity = Array.isArray(root.security) ? root.security : [];
  const operations: CatalogOperation[] = [];
  for (const [path, rawItem] of Object.entries(root.paths as JsonObject)) {
    const itemPointer = `/paths/${escapePointer(path)}`;
    const item = deref(root, rawItem, itemPointer);
    if (!isObject(item)) continue;
    const pathParameters = Array.isArray(item.parameters) ? item.parameters : [];
    const pathServers = serverUrls(item.servers);
    for (const method of OPENAPI_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const pointer = `${itemPointer}/${method}`;
      const parameters = mergeParameters(root, pathParameters, Array.isArray(operation.parameters) ? operation.parameters : [], pointer);
      const body = deref(root, operation.requestBody, `${pointer}/requestBody`);
      const security = Array.isArray(operation.security) ? operation.security : globalSecurity;
      const opServers = serverUrls(operation.servers);
      operations.push({
        operationId: text(operation.operationId) || `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as CatalogOperation['method'],
        path,
        // Stripe's spec has no summaries: its description's first sentence serves instead.
        summary: text(operation.summary) || firstSentence(text(operation.description)),
        description: plainText(text(operation.description)).slice(0, 500),
        tags: Array.isArray(operation.tags) ? operation.tags.filter((t): t is string => typeof t === 'string') : [],
        parameters,
        requestBodyTypes: isObject(body) && isObject(body.content) ? Object.keys(body.content) : [],
        security: security.flatMap((requirement) => (isObject(requirement) ? [Object.keys(requirement)] : [])),
        servers: opServers.length ? opServers : pathServers.length ? pathServers : globalServers,
        deprecated: operation.deprecated === true,
        pointer,
      });
    }
  }
  return { title: text(info.title), version: text(info.version), servers: globalServers, operations };
}

const plainText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const firstSentence = (html: string) => /^(.{0,160}?[.!?])(\s|$)/.exec(plainText(html))?.[1] ?? plainText(html).slice(0, 120);

/** Operation parameters override path-level ones with the same name and location. */
function mergeParameters(root: JsonObject, pathLevel: unknown[], operationLevel: unknown[], pointer: string): CatalogParameter[] {
  const byKey = new Map<string, CatalogParameter>();
  const add = (raw: unknown, index: number, base: string) => {
    const parameter = deref(root, raw, `${base}/parameters/${index}`);
    if (!isObject(parameter) || typeof parameter.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(String(parameter.in))) return;
    const entry: CatalogParameter = { name: parameter.name, in: parameter.in as CatalogParameter['in'], required: parameter.in === 'path' || parameter.required === true };
    if (typeof parameter.description === 'string') entry.description = parameter.description.slice(0, 200);
    byKey.set(`${parameter.in}:${parameter.name}`, entry);
  };
  pathLevel.forEach((raw, i) => add(raw, i, pointer.replace(/\/[a-z]+$/, '')));
  operationLevel.forEach((raw, i) => add(raw, i, pointer));
  return [...byKey.values()];
}
