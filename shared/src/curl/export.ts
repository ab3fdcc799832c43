import type { RequestSpec } from '../request/spec.ts';
import { toWireRequest, urlWithQuery } from '../request/wire.ts';

/** Quotes for a POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A cURL command for a request, one option per line, as API docs print them. */
export function toCurl(spec: RequestSpec): string {
  const wire = toWireRequest(spec);
  const parts: string[] = [`curl${spec.method === 'GET' && spec.body.mode === 'none' ? '' : ` -X ${spec.method}`} ${shellQuote(urlWithQuery(wire.url, wire.query))}`];
  for (const header of wire.headers) parts.push(`-H ${shellQuote(`${header.name}: ${header.value}`)}`);
  const { body, options } = spec;
  if (body.mode === 'json' || body.mode === 'form' || body.mode === 'raw') parts.push(`--data-raw ${shellQuote(wire.bodyText ?? '')}`);
  if (body.mode === 'multipart') {
    for (const part of body.parts) {
      if (part.kind === 'text') parts.push(`-F ${shellQuote(`${part.name}=${part.value}`)}`);
      else parts.push(`-F ${shellQuote(`${part.name}=@${part.fileName ?? part.binaryProperty}${part.contentType ? `;type=${part.contentType}` : ''}`)}`);
    }
  }
  if (body.mode === 'binary') parts.push(`--data-binary ${shellQuote(`@${body.fileName ?? body.binaryProperty}`)}`);
  if (options.followRedirects) parts.push('-L');
  if (options.maxRedirects !== undefined) parts.push(`--max-redirs ${options.maxRedirects}`);
  if (options.timeoutMs !== undefined) parts.push(`--max-time ${options.timeoutMs / 1000}`);
  if (options.insecure) parts.push('-k');
  if (options.proxy) parts.push(`-x ${shellQuote(options.proxy)}`);
  if (options.fullResponse) parts.push('-i');
  return parts.join(' \\\n  ');
}
