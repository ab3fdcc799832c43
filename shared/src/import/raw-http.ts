import { AppError } from '../errors.ts';
import { textBody } from '../request/body.ts';
import { createRequestSpec, HTTP_METHODS, type HttpMethod, type Pair, type RequestSpec } from '../request/spec.ts';
import { splitUrl } from './url.ts';

// A raw HTTP/1.1 request, as a proxy, a log or an API's docs show it:
//   POST /v1/items?x=1 HTTP/1.1
//   Host: api.example.com
//   Content-Type: application/json
//
//   {"name":"x"}
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/(1\.[01]|2(?:\.0)?)$/;

export function looksLikeRawHttp(text: string): boolean {
  return REQUEST_LINE.test(text.trimStart().split(/\r?\n/, 1)[0]!.trim());
}

export function importRawHttp(text: string): { request: RequestSpec; warnings: string[] } {
  const warnings: string[] = [];
  const normalised = text.trimStart().replace(/\r\n/g, '\n');
  const split = normalised.indexOf('\n\n');
  const head = (split === -1 ? normalised : normalised.slice(0, split)).split('\n');
  const bodyText = split === -1 ? '' : normalised.slice(split + 2).replace(/\n$/, '');
  const [, method, target] = REQUEST_LINE.exec(head[0]!.trim())!;
  if (!(HTTP_METHODS as readonly string[]).includes(method!)) throw new AppError('IMPORT_UNRECOGNIZED', `n8n's HTTP Request node cannot send ${method} requests. Use one of ${HTTP_METHODS.join(', ')}.`);
  const headers: Pair[] = [];
  for (const line of head.slice(1)) {
    const at = line.indexOf(':');
    if (at <= 0) throw new AppError('IMPORT_UNRECOGNIZED', `"${line.slice(0, 80)}" is not a header line ("Name: value"). Is there an empty line missing before the body?`);
    headers.push({ name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
  }
  let address = target!;
  if (!/^https?:\/\//i.test(address)) {
    const host = headers.find((h) => h.name.toLowerCase() === 'host')?.value;
    if (!host) throw new AppError('IMPORT_UNRECOGNIZED', 'The request has a path but no Host header: add "Host: api.example.com" under the first line.');
    const scheme = schemeOf(host, headers);
    address = `${scheme ?? 'https'}://${host.replace(/:(80|443)$/, '')}${address.startsWith('/') ? '' : '/'}${address}`;
    if (!scheme) warnings.push(`The request does not say its scheme; https://${host} was assumed.`);
  }
  const { url, query } = splitUrl(address);
  const rest = headers.filter((h) => !/^(host|content-length)$/i.test(h.name));
  const body = bodyText ? textBody(bodyText, rest, warnings) : { mode: 'none' as const };
  const kept = body.mode === 'json' || body.mode === 'form' ? rest.filter((h) => h.name.toLowerCase() !== 'content-type') : rest;
  return { request: createRequestSpec({ method: method as HttpMethod, url, query, headers: kept, body }), warnings };
}

/**
 * A raw request does not carry its scheme: a browser's Origin or Referer for the same host says
 * it, port 80 and loopback hosts mean http; otherwise it is unknown (the caller assumes https).
 */
function schemeOf(host: string, headers: readonly Pair[]): 'http' | 'https' | null {
  for (const name of ['origin', 'referer']) {
    const value = headers.find((h) => h.name.toLowerCase() === name)?.value;
    const match = value ? /^(https?):\/\/([^/]+)/i.exec(value) : null;
    if (match && match[2]!.toLowerCase() === host.toLowerCase()) return match[1]!.toLowerCase() as 'http' | 'https';
  }
  if (/:80$/.test(host) || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host)) return 'http';
  if (/:443$/.test(host)) return 'https';
  return null;
}
