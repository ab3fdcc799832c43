import { encodeFormBody } from './content-type.ts';
import type { Pair, RequestAuth, RequestSpec } from './spec.ts';

/** What a request puts on the wire: auth folded into headers or query, and the body's content type. */
export interface WireRequest {
  method: RequestSpec['method'];
  url: string;
  query: Pair[];
  headers: Pair[];
  /** Text bodies; multipart and binary bodies are described by the spec, not flattened. */
  bodyText: string | undefined;
}

/** The header or query row an inline credential becomes (OAuth2 has none: it is always a credential). */
export function authOnWire(auth: RequestAuth): { headers: Pair[]; query: Pair[] } {
  if (auth.type === 'basic') return { headers: [{ name: 'Authorization', value: `Basic ${encodeBase64(`${auth.username}:${auth.password}`)}` }], query: [] };
  if (auth.type === 'bearer') return { headers: [{ name: 'Authorization', value: `Bearer ${auth.token}` }], query: [] };
  if (auth.type === 'apiKeyHeader') return { headers: [{ name: auth.name, value: auth.value }], query: [] };
  if (auth.type === 'apiKeyQuery') return { headers: [], query: [{ name: auth.name, value: auth.value }] };
  return { headers: [], query: [] };
}

export function toWireRequest(spec: RequestSpec): WireRequest {
  const { body } = spec;
  const auth = authOnWire(spec.auth);
  const headers = [...spec.headers, ...auth.headers];
  const query = [...spec.query, ...auth.query];
  const hasContentType = headers.some((h) => h.name.toLowerCase() === 'content-type');
  const setType = (value: string) => {
    if (!hasContentType) headers.push({ name: 'Content-Type', value });
  };
  let bodyText: string | undefined;
  if (body.mode === 'json') {
    bodyText = body.text;
    setType('application/json');
  } else if (body.mode === 'form') {
    bodyText = encodeFormBody(body.fields);
    setType('application/x-www-form-urlencoded');
  } else if (body.mode === 'raw') {
    bodyText = body.text;
    setType(body.contentType);
  } else if (body.mode === 'binary' && body.contentType) {
    setType(body.contentType);
  }
  return { method: spec.method, url: spec.url, query, headers, bodyText };
}

/** The URL with its query rows, encoded the way browsers encode forms. */
export function urlWithQuery(url: string, query: readonly Pair[]): string {
  if (!query.length) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${encodeFormBody(query)}`;
}

function encodeBase64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
