// The fields a request asks the user to fill before it can be sent: a template's {{placeholders}}
// and an OpenAPI operation's parameters, in one shape the builder draws as labelled inputs.
import type { RequestAuth, RequestSpec } from './spec.ts';

export interface RequestField {
  /** The placeholder's name, `{{name}}` in the request. */
  name: string;
  /** Where it goes, for grouping: path, query, header, body, auth (a secret) or url (the server). */
  where: 'path' | 'query' | 'header' | 'body' | 'auth' | 'url';
  required: boolean;
  description?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  enum?: string[];
  example?: string;
  /** A password, token or key: masked until revealed, and never put in the node. */
  secret: boolean;
}

/**
 * A template's `{{name}}` placeholder (group 1: the name), defined once for every reader. Global:
 * use it with `matchAll`, `match` or `replace`, which do not keep `lastIndex` between calls.
 */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
const SECRET_NAME = /(token|secret|password|api[-_]?key|apikey|key)$/i;

const namesIn = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** Every placeholder a request still holds, where it sits, in order of first appearance. */
export function placeholderFields(request: RequestSpec, described: Record<string, Partial<RequestField>> = {}): RequestField[] {
  const found = new Map<string, RequestField>();
  const add = (names: string[], where: RequestField['where']) => {
    for (const name of names) {
      if (found.has(name)) continue;
      const secret = where === 'auth' || SECRET_NAME.test(name);
      found.set(name, { name, where, required: where === 'path' || where === 'url' || where === 'auth', secret, ...described[name] });
    }
  };
  const [origin, path] = splitOrigin(request.url);
  add(namesIn(origin), 'url');
  add(namesIn(path), 'path');
  add(request.query.flatMap((q) => namesIn(q.value)), 'query');
  add(request.headers.flatMap((h) => namesIn(h.value)), 'header');
  add(namesIn(JSON.stringify(request.body)), 'body');
  add(authValues(request.auth).flatMap(namesIn), 'auth');
  return [...found.values()];
}

/** The fields not filled yet that block sending: required ones whose value is empty. */
export function missingFields(fields: readonly RequestField[], values: Record<string, string>): RequestField[] {
  return fields.filter((field) => field.required && !(values[field.name] ?? '').trim());
}

function authValues(auth: RequestAuth): string[] {
  if (auth.type === 'basic') return [auth.username, auth.password];
  if (auth.type === 'bearer') return [auth.token];
  if (auth.type === 'apiKeyHeader' || auth.type === 'apiKeyQuery') return [auth.value];
  return [];
}

function splitOrigin(url: string): [string, string] {
  const match = /^([a-z][\w+.-]*:\/\/[^/]*)(.*)$/i.exec(url);
  return match ? [match[1]!, match[2]!] : ['', url];
}
