// curlconverter parses the shell (tree-sitter bash: native in Node, WebAssembly in the browser
// through its package.json "browser" field). Its `parse` keeps what its JSON output loses:
// repeated headers, the order of query rows, and the body's exact text.
import { supportedArgs } from 'curlconverter/dist/src/generators/json.js';
import { parse, type Request as CurlRequest } from 'curlconverter/dist/src/parse.js';
import { AppError } from '../errors.ts';
import { createRequestSpec, HTTP_METHODS, type HttpMethod, type MultipartPart, type Pair, type RequestAuth, type RequestBody, type RequestOptions, type RequestSpec } from '../request/spec.ts';
import { textBody } from '../request/body.ts';
import { contentTypeOf, parseFormBody } from '../request/content-type.ts';
import { liftSecrets } from '../request/secrets.ts';

export interface CurlImport {
  request: RequestSpec;
  /** Things the user should know: what was dropped, guessed or needs a credential. */
  warnings: string[];
}

// `<ID>` placeholders from API docs would be shell redirections; swap them out while parsing.
const PLACEHOLDER = /<([A-Za-z_][\w.-]{0,63})>/g;
const MARK = (index: number) => `AIHTTPPLACEHOLDER${index}X`;
const MARKED = /AIHTTPPLACEHOLDER(\d+)X/g;

/**
 * Imports one cURL command (as pasted from API docs, Postman, or a browser's "Copy as cURL").
 * Throws `AppError('CURL_INVALID')` with a message that says what to fix; never returns a
 * half-built request.
 */
export function importCurl(text: string): CurlImport {
  // Leading comment lines (`# from the docs`) and a `$ ` prompt are not part of the command.
  const trimmed = text.replace(/^(\s*#[^\n]*\n)+/, '').trim();
  if (!trimmed) throw invalid('Paste a cURL command: the text is empty.');
  // `echo '{…}' | curl … --data @-` is a cURL command too.
  if (!/(^|\|\s*)curl(\.exe)?(\s|$)/.test(trimmed.replace(/^\$\s*/, ''))) {
    throw invalid(`That is not a cURL command: it should start with "curl" but starts with "${trimmed.split(/\s/, 1)[0]!.slice(0, 40)}".`);
  }
  const placeholders: string[] = [];
  const shellText = trimmed.replace(/^\$\s*/, '').replace(PLACEHOLDER, (whole) => MARK(placeholders.push(whole) - 1));
  const restore = (value: string) => value.replace(MARKED, (_m, index: string) => placeholders[Number(index)] ?? _m);

  const curlWarnings: [string, string][] = [];
  let requests: CurlRequest[];
  try {
    requests = parse(shellText, supportedArgs, curlWarnings);
  } catch (error) {
    throw invalid(explainParseError(restore((error as Error).message)), { parser: restore((error as Error).message) });
  }
  const curl = requests[0];
  const target = curl?.urls[0];
  if (!curl || !target) throw invalid('The cURL command has no URL. Add the address to call, e.g. curl https://api.example.com/items');

  const warnings = curlWarnings.map(([, message]) => restore(message));
  if (requests.length > 1 || curl.urls.length > 1) warnings.push('The text holds more than one request; only the first was imported.');

  const method = target.method.toString().toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) throw invalid(`n8n's HTTP Request node cannot send ${method} requests. Use one of ${HTTP_METHODS.join(', ')}.`);

  let url = restore(target.urlWithoutQueryList.toString());
  let query: Pair[] = (target.queryList ?? []).map(([name, value]) => ({ name: restore(name.toString()), value: restore(value.toString()) }));
  if (!target.queryList) {
    // curlconverter leaves some query strings unsplit (`?expand[]=a`); split them the way a server would.
    const full = restore(target.url.toString());
    const at = full.indexOf('?');
    const rows = at === -1 ? [] : parseFormBody(full.slice(at + 1));
    if (rows?.length) [url, query] = [full.slice(0, at), rows];
    else url = full; // `?flag` or a lone value stays in the URL as is
  }
  if (!/^https?:\/\//i.test(url)) {
    if (/^[a-z][\w+.-]*:\/\//i.test(url)) throw invalid(`n8n's HTTP Request node only calls http:// and https:// addresses, not ${url.split(':')[0]}://.`);
    url = `http://${url}`; // what curl itself does with a bare host
  }
  if (/\s/.test(url) || !URL.canParse(url.replace(PLACEHOLDER, 'x').replace(/\{\{[^}]*\}\}/g, 'x'))) {
    throw invalid(`"${url}" is not a valid URL. Check the quotes around it: a quote that closes too early splits the command.`);
  }

  let headers: Pair[] = [];
  for (const [name, value] of curl.headers) if (value !== null) headers.push({ name: restore(name.toString()), value: restore(value.toString()) });

  // curlconverter adds the Content-Type curl would send by default (form encoding for -d); keep it
  // only when the user chose it, so a JSON body pasted without one still becomes JSON.
  if (!/content-type\s*:|--json\b/i.test(shellText)) headers = headers.filter((h) => h.name.toLowerCase() !== 'content-type');
  const body = readBody(curl, headers, restore, warnings);
  // n8n sets Content-Type itself for JSON, form and multipart bodies; a copied one (often with a
  // multipart boundary from a browser) would be wrong.
  if (body.mode === 'json' || body.mode === 'form' || body.mode === 'multipart') headers = headers.filter((h) => h.name.toLowerCase() !== 'content-type');

  let auth: RequestAuth = { type: 'none' };
  if (target.auth) {
    const [username, password] = target.auth.map((w) => restore(w.toString()));
    if (curl.authType !== 'basic' && curl.authType !== 'none') warnings.push(`cURL asked for ${curl.authType} authentication; it was imported as Basic Auth. In n8n, pick the matching credential type (Digest Auth has its own).`);
    auth = { type: 'basic', username: username ?? '', password: password ?? '' };
  }
  if (curl.oauth2Bearer) auth = { type: 'bearer', token: restore(curl.oauth2Bearer.toString()) };
  const lifted = liftSecrets({ headers, query, auth });

  const options: RequestOptions = {};
  if (curl.followRedirects !== undefined) options.followRedirects = curl.followRedirects;
  if (curl.maxRedirects) options.maxRedirects = Number(curl.maxRedirects.toString()) || 0;
  const seconds = Number((curl.timeout ?? curl.connectTimeout)?.toString());
  if (seconds > 0) options.timeoutMs = Math.round(seconds * 1000);
  if (curl.connectTimeout && curl.timeout) warnings.push('n8n has one timeout for the whole request; --max-time was used and --connect-timeout dropped.');
  if (curl.insecure) options.insecure = true;
  if (curl.proxy) options.proxy = withProxyUser(restore(curl.proxy.toString()), curl.proxyUser ? restore(curl.proxyUser.toString()) : undefined);
  if (curl.include) options.fullResponse = true;

  const request = createRequestSpec({ method: method as HttpMethod, url, query: lifted.query, headers: lifted.headers, body, auth: lifted.auth, options });
  return { request, warnings };
}

function readBody(curl: CurlRequest, headers: Pair[], restore: (s: string) => string, warnings: string[]): RequestBody {
  const contentType = contentTypeOf(headers);
  if (curl.multipartUploads?.length) {
    const parts: MultipartPart[] = curl.multipartUploads.map((part) => {
      const name = restore(part.name.toString());
      const type = part.contentType ? restore(part.contentType.toString()) : undefined;
      if ('contentFile' in part && part.contentFile) {
        const path = restore(part.contentFile.toString());
        const fileName = (part.filename ? restore(part.filename.toString()) : path).split(/[\\/]/).pop();
        return { kind: 'file', name, binaryProperty: 'data', ...(fileName ? { fileName } : {}), ...(type ? { contentType: type } : {}) };
      }
      return { kind: 'text', name, value: 'content' in part ? restore(part.content.toString()) : '', ...(type ? { contentType: type } : {}) };
    });
    if (parts.some((p) => p.kind === 'file')) warnings.push('File parts read the binary property "data" of the incoming item: put the file there (for example with a Read Binary File node) or change the property name.');
    return { mode: 'multipart', parts };
  }
  if (!curl.data) return { mode: 'none' };
  if (curl.dataReadsFile) {
    const fileName = curl.dataReadsFile.split(/[\\/]/).pop();
    warnings.push(`The body is read from the file "${curl.dataReadsFile}": in n8n it is sent from the binary property "data" of the incoming item.`);
    return { mode: 'binary', binaryProperty: 'data', ...(fileName ? { fileName } : {}), ...(contentType && contentType !== 'application/x-www-form-urlencoded' ? { contentType } : {}) };
  }
  return textBody(restore(curl.data.toString()), headers, warnings);
}

function withProxyUser(proxy: string, user: string | undefined): string {
  if (!user) return proxy;
  const url = /^[a-z]+:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  return url.replace('://', `://${user}@`);
}

function explainParseError(message: string): string {
  if (/variable_assignment|background|"&"/.test(message)) {
    return 'The shell would split this command at "&": put the URL in single quotes, e.g. curl \'https://api.example.com/items?a=1&b=2\'.';
  }
  if (/parsing error|ERROR|MISSING/i.test(message)) {
    return `The command cannot be read as shell text: check for an unclosed quote or a stray backslash.\n${message}`;
  }
  if (/no URL/i.test(message)) return 'The cURL command has no URL. Add the address to call, e.g. curl https://api.example.com/items';
  return `The cURL command cannot be imported: ${message}`;
}

function invalid(message: string, details: unknown = null): AppError {
  return new AppError('CURL_INVALID', message, details);
}
