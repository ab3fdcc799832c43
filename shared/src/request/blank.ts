// What the builder's first screen needs of a request, without zod (spec.ts holds the schemas, and
// importing them would put zod in the popup's first load): the methods, and an empty request with
// every default filled as createRequestSpec fills it (shared/tests checks the two agree).
import type { RequestSpec } from './spec.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export function blankRequest(method: RequestSpec['method'], url: string): RequestSpec {
  return { v: 1, method, url, query: [], headers: [], body: { mode: 'none' }, auth: { type: 'none' }, options: {} };
}
