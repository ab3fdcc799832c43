import { AppError } from '../errors.ts';
import { textBody } from '../request/body.ts';
import { createRequestSpec, HTTP_METHODS, type HttpMethod, type Pair, type RequestOptions, type RequestSpec } from '../request/spec.ts';
import { splitUrl } from './url.ts';

// DevTools' "Copy as fetch" (Chrome) and "Copy as Fetch" (Firefox) write one call whose options
// are JSON: `fetch("https://…", {"headers": {…}, "body": "…", "method": "POST", …});`, Firefox with
// `await` in front. Only that shape is read (never evaluated): any other JavaScript is refused.
const CALL = /^\s*(?:await\s+)?fetch\s*\(\s*("(?:[^"\\]|\\.)*")\s*(?:,\s*(\{[\s\S]*\}))?\s*\)\s*;?\s*$/;

export function looksLikeFetch(text: string): boolean {
  return /^\s*(?:await\s+)?fetch\s*\(/.test(text);
}

export function importFetch(text: string): { request: RequestSpec; warnings: string[] } {
  const match = CALL.exec(text);
  if (!match) throw invalid('This fetch call cannot be read: paste it as DevTools copies it ("Copy as fetch"), with the URL in double quotes and the options as JSON.');
  const warnings: string[] = [];
  const address = JSON.parse(match[1]!) as string;
  let options: Record<string, unknown> = {};
  if (match[2]) {
    try {
      options = JSON.parse(match[2]) as Record<string, unknown>;
    } catch {
      throw invalid('The options of this fetch call are not JSON (variables or functions inside?): paste it as DevTools copies it, or use "Copy as cURL".');
    }
  }
  const method = String(options.method ?? 'GET').toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw invalid(`n8n's HTTP Request node cannot send ${method} requests. Use one of ${HTTP_METHODS.join(', ')}.`);
  const headers = headerRows(options.headers);
  const { url, query } = splitUrl(address);
  const body = typeof options.body === 'string' && options.body !== '' ? textBody(options.body, headers, warnings) : { mode: 'none' as const };
  if (options.body !== undefined && options.body !== null && typeof options.body !== 'string') warnings.push('The body was not text (a FormData or a file); it was left out. Add it in the Body tab.');
  const requestOptions: RequestOptions = {};
  if (options.redirect === 'manual' || options.redirect === 'error') requestOptions.followRedirects = false;
  const kept = body.mode === 'json' || body.mode === 'form' ? headers.filter((h) => h.name.toLowerCase() !== 'content-type') : headers;
  return { request: createRequestSpec({ method: method as HttpMethod, url, query, headers: kept, body, options: requestOptions }), warnings };
}

function headerRows(headers: unknown): Pair[] {
  if (Array.isArray(headers)) return headers.filter((h): h is [string, string] => Array.isArray(h) && h.length === 2).map(([name, value]) => ({ name: String(name), value: String(value) }));
  if (headers && typeof headers === 'object') return Object.entries(headers).map(([name, value]) => ({ name, value: String(value) }));
  return [];
}

function invalid(message: string): AppError {
  return new AppError('IMPORT_UNRECOGNIZED', message);
}
