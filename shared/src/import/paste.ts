// "Paste anything": one box in the builder (and `ai-http import`) takes what users copy from
// wherever they found a request, works out what it is, and imports it as a RequestSpec:
// - cURL, hand-written or from Chrome, Firefox and Safari DevTools ("Copy as cURL"), including
//   Windows cmd.exe quoting ("Copy as cURL (cmd)", with ^ escapes);
// - a DevTools "Copy as fetch" call;
// - a raw HTTP/1.1 request;
// - a bare http(s) URL (a GET);
// - plain words, which the caller turns into a search over templates, saved requests and specs.
// Anything else is refused with a message that says what was expected; nothing is guessed.
import { importCurl } from '../curl/import.ts';
import { AppError } from '../errors.ts';
import { dropBrowserHeaders, isBrowserCapture } from '../request/browser-headers.ts';
import { liftSecrets } from '../request/secrets.ts';
import { createRequestSpec, type RequestSpec } from '../request/spec.ts';
import { importFetch, looksLikeFetch } from './fetch-call.ts';
import { importRawHttp, looksLikeRawHttp } from './raw-http.ts';
import { splitUrl } from './url.ts';
import { looksLikeWindowsCmd, toPosixCommand, windowsCmdArguments } from './windows-cmd.ts';

export type PasteFormat = 'curl' | 'curl-cmd' | 'fetch' | 'http' | 'url';

export type PasteResult =
  | { kind: 'request'; format: PasteFormat; request: RequestSpec; warnings: string[]; droppedHeaders: string[] }
  | { kind: 'words'; query: string };

/** Larger than any request anyone pastes; an OpenAPI document has its own import. */
export const MAX_PASTE_BYTES = 1_000_000;

export const PASTE_EXPECTED = 'Paste a cURL command, a "Copy as fetch" call, a raw HTTP request (POST /path HTTP/1.1 …), an http(s) URL, or describe the request in plain words.';

export function importPaste(text: string): PasteResult {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw unrecognized(`The box is empty. ${PASTE_EXPECTED}`);
  const bytes = new TextEncoder().encode(trimmed).length;
  if (bytes > MAX_PASTE_BYTES) throw unrecognized(`That paste is ${(bytes / 1e6).toFixed(1)} MB, too large to be one request. ${PASTE_EXPECTED} An OpenAPI document goes in the OpenAPI tab.`);
  if (hasBinary(trimmed)) throw unrecognized(`That looks like binary data, not text. ${PASTE_EXPECTED}`);

  if (looksLikeWindowsCmd(trimmed)) {
    const args = windowsCmdArguments(trimmed);
    if (!/^curl(\.exe)?$/i.test(args[0] ?? '')) throw unrecognized(`That reads as a Windows command, but not a cURL one. ${PASTE_EXPECTED}`);
    return finish('curl-cmd', importCurl(toPosixCommand(args)));
  }
  if (/^(?:#[^\n]*\n\s*)*(?:\$\s*)?curl(\.exe)?\s/i.test(trimmed) || /\|\s*curl\s/.test(trimmed)) return finish('curl', importCurl(trimmed));
  if (looksLikeFetch(trimmed)) return finish('fetch', importFetch(trimmed));
  if (looksLikeRawHttp(trimmed)) return finish('http', importRawHttp(trimmed));
  if (/^[a-z][\w+.-]*:\/\/\S+$/i.test(trimmed)) {
    const { url, query } = splitUrl(trimmed);
    return finish('url', { request: createRequestSpec({ method: 'GET', url, query }), warnings: [] });
  }
  if (looksLikeWords(trimmed)) return { kind: 'words', query: trimmed.replace(/\s+/g, ' ') };
  const start = trimmed[0];
  if (start === '{' || start === '[') throw unrecognized(`That is JSON on its own. Put it in the Body tab of a request, or paste the whole request. ${PASTE_EXPECTED}`);
  throw unrecognized(`That is not a request AI-HTTP can read. ${PASTE_EXPECTED}`);
}

/** Control characters other than tab and line breaks: not something typed or copied as text. */
function hasBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}

function looksLikeWords(text: string): boolean {
  return !text.includes('\n') && text.length <= 300 && /\p{L}{2,}/u.test(text) && !/[{}<>;=`$]|:\/\//.test(text);
}

/**
 * What every imported request gets: browser-only headers dropped (and named) when a browser
 * captured it; credentials moved to auth; user:password in the URL moved to Basic Auth.
 */
function finish(format: PasteFormat, imported: { request: RequestSpec; warnings: string[] }): PasteResult {
  let { request } = imported;
  const warnings = [...imported.warnings];
  let droppedHeaders: string[] = [];
  if (isBrowserCapture(request.headers)) {
    const cleaned = dropBrowserHeaders(request.headers);
    droppedHeaders = cleaned.dropped;
    request = { ...request, headers: cleaned.headers };
    if (droppedHeaders.length) warnings.push(`Headers the browser adds by itself were left out: ${droppedHeaders.join(', ')}.`);
    if (cleaned.droppedCookie) warnings.push('The browser\'s cookies were left out: they are its session, a secret. If the API needs a cookie, put it in an n8n credential (Header Auth, name "Cookie").');
  }
  const credentialsInUrl = /^(https?:\/\/)([^/@\s]+)@/i.exec(request.url);
  if (credentialsInUrl) {
    const [username = '', password = ''] = credentialsInUrl[2]!.split(':').map((part) => safeDecode(part));
    request = { ...request, url: request.url.replace(credentialsInUrl[0], credentialsInUrl[1]!) };
    if (request.auth.type === 'none') request = { ...request, auth: { type: 'basic', username, password } };
    warnings.push('The URL carried a user name and password: they were moved to Basic Auth, so they become an n8n credential instead of staying in the URL.');
  }
  const lifted = liftSecrets({ headers: request.headers, query: request.query, auth: request.auth });
  return { kind: 'request', format, request: { ...request, ...lifted }, warnings, droppedHeaders };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function unrecognized(message: string): AppError {
  return new AppError('IMPORT_UNRECOGNIZED', message);
}
