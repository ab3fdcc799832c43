import type { Pair, RequestAuth } from './spec.ts';

/** Header names that carry a credential. */
const SECRET_HEADER = /^(authorization|proxy-authorization|(x-)?(api[-_]?key|apikey|auth[-_]?token|access[-_]?token|private[-_]?token|subscription[-_]?key)|x-[\w-]*-(api-?key|token|secret)|ocp-apim-subscription-key)$/i;
/** Query parameter names that carry a credential. */
const SECRET_QUERY = /^(api[-_]?key|apikey|key|access[-_]?token|auth[-_]?token|token|client[-_]?secret|secret)$/i;

export const isSecretHeader = (name: string) => SECRET_HEADER.test(name);
export const isSecretQuery = (name: string) => SECRET_QUERY.test(name);

/** Parameter names whose values are secrets wherever they appear (node parameters, body fields). */
const SECRET_PARAMETER = /password|secret|token|api[-_]?key|apikey|authorization|credential|private[-_]?key|client[-_]?secret/i;
export const isSecretParameter = (name: string) => SECRET_PARAMETER.test(name);
export const REDACTED = '[redacted]';

/**
 * n8n node parameters (or any JSON) with every value that looks like a secret replaced by
 * "[redacted]": a string under a secret-looking key, and the value of a header, query or body
 * row (`{ name: 'Authorization', value: 'Bearer …' }`) whose name looks like one. The execution
 * digest and the server's copy of workflows both use it.
 */
export function redactSecretParameters(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return key && SECRET_PARAMETER.test(key) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => redactSecretParameters(item, key));
  if (typeof value !== 'object' || value === null) return value;
  const row = value as Record<string, unknown>;
  if (typeof row.name === 'string' && 'value' in row && (isSecretHeader(row.name) || isSecretQuery(row.name) || SECRET_PARAMETER.test(row.name))) return { ...row, value: REDACTED };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, redactSecretParameters(v, k)]));
}

/** A URL with its user name and password, and the values of secret-looking query parameters, redacted. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][\w+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`)
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, separator: string, name: string) => (isSecretQuery(decodeURIComponentSafe(name)) || SECRET_PARAMETER.test(name) ? `${separator}${name}=${REDACTED}` : whole));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Parts {
  headers: Pair[];
  query: Pair[];
  auth: RequestAuth;
}

/**
 * Moves the first credential found in headers or query into `auth`, so that it can become an
 * n8n credential instead of a plain parameter: `Authorization: Bearer …`, `Authorization: Basic …`,
 * an API-key header, or an API-key query parameter. Leaves everything else where it was.
 */
export function liftSecrets({ headers, query, auth }: Parts): Parts {
  if (auth.type !== 'none') return { headers, query, auth };
  const authorization = headers.findIndex((h) => h.name.toLowerCase() === 'authorization');
  if (authorization !== -1) {
    const value = headers[authorization]!.value.trim();
    const rest = headers.filter((_, i) => i !== authorization);
    const bearer = /^bearer\s+(.+)$/i.exec(value);
    if (bearer) return { headers: rest, query, auth: { type: 'bearer', token: bearer[1]! } };
    const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
    const decoded = basic ? decodeBase64(basic[1]!) : null;
    if (decoded !== null && decoded.includes(':')) {
      const at = decoded.indexOf(':');
      return { headers: rest, query, auth: { type: 'basic', username: decoded.slice(0, at), password: decoded.slice(at + 1) } };
    }
    return { headers: rest, query, auth: { type: 'apiKeyHeader', name: headers[authorization]!.name, value } };
  }
  const keyHeader = headers.findIndex((h) => isSecretHeader(h.name) && h.name.toLowerCase() !== 'proxy-authorization');
  if (keyHeader !== -1) {
    const { name, value } = headers[keyHeader]!;
    return { headers: headers.filter((_, i) => i !== keyHeader), query, auth: { type: 'apiKeyHeader', name, value } };
  }
  // A repeated name is data (`?key=a&key=b`), not a credential.
  const keyQuery = query.findIndex((q) => isSecretQuery(q.name) && query.filter((other) => other.name === q.name).length === 1);
  if (keyQuery !== -1) {
    const { name, value } = query[keyQuery]!;
    return { headers, query: query.filter((_, i) => i !== keyQuery), auth: { type: 'apiKeyQuery', name, value } };
  }
  return { headers, query, auth };
}

function decodeBase64(text: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
