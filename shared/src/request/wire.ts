import { encodeFormBody } from './content-type.ts';
import type { Pair, RequestSpec } from './spec.ts';

/** What a request puts on the wire: auth folded into headers or query, and the body's content type. */
export interface WireRequest {
  method: RequestSpec['method'];
  url: string;
  query: Pair[];
  headers: Pair[];
  /** Text bodies; multipart and binary bodies are described by the spec, not flattened. */
  bodyText: string | undefined;
}

export function toWireRequest(spec: RequestSpec): WireRequest {
  const headers = [...spec.headers];
  const query = [...spec.query];
  const { auth, body } = spec;
  if (auth.type === 'basic') headers.push({ name: 'Authorization', value: `Basic ${encodeBase64(`${auth.username}:${auth.password}`)}` });
  if (auth.type === 'bearer') headers.push({ name: 'Authorization', value: `Bearer ${auth.token}` });
  if (auth.type === 'apiKeyHeader') headers.push({ name: auth.name, value: auth.value });
  if (auth.type === 'apiKeyQuery') query.push({ name: auth.name, value: auth.value });
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
