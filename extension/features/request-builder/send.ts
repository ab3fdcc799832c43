// Sends a built request from the builder's own extension page (the popup, the builder tab, the
// overlay's builder frame: never n8n's page), with the host permission the user granted for the
// API's site: placeholders filled, auth on the wire, the body as the node would send it. A timeout
// and a cancel abort it; a failure without an HTTP answer is named (refused, DNS, TLS, timeout)
// from what the browser's network layer reported for it, which only the background hears.
import { AppError } from '@ai-http/shared/app-error';
import { bytesToBase64 } from '../../common/base64.ts';
import { encodeFormBody } from '@ai-http/shared/request/content-type';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { toWireRequest, urlWithQuery } from '@ai-http/shared/request/wire';
import { hasControlCharacters } from '@ai-http/shared/text';
import { MAX_BODY_BYTES, type AttachedFiles, type SendFailure, type SentResponse } from './protocol.ts';

/** Network error names of Chromium (net::ERR_…) and Firefox (NS_ERROR_…, SEC_…, SSL_…) by kind. */
export function failureKind(networkError: string | undefined): SendFailure {
  if (!networkError) return 'unknown';
  if (/NAME_NOT_RESOLVED|NAME_RESOLUTION|UNKNOWN_HOST|DNS|ENOTFOUND|EAI_AGAIN/i.test(networkError)) return 'dns';
  if (/CERT|SSL|TLS|SEC_ERROR|PR_END_OF_FILE/i.test(networkError)) return 'tls';
  if (/TIMED_OUT|TIMEOUT/i.test(networkError)) return 'timeout';
  if (/REFUSED|RESET|CLOSED|UNREACHABLE|ADDRESS|NET_INTERRUPT|CONNECTION/i.test(networkError)) return 'connection';
  if (/ABORTED/i.test(networkError)) return 'canceled';
  return 'unknown';
}

const EXPLAIN: Record<SendFailure, string> = {
  connection: 'The server refused or dropped the connection: nothing is listening at that address and port, or a firewall is in the way.',
  dns: 'The host name could not be resolved: check the spelling of the address, or whether it exists only inside another network.',
  tls: 'The secure connection failed: the server\'s certificate is not trusted (self-signed, expired, or for another name).',
  timeout: 'The server did not answer in time.',
  canceled: 'The request was canceled.',
  permission: 'AI-HTTP may not call this site yet: allow it, then send again.',
  unknown: 'The request got no answer.',
};

export class SendError extends AppError {
  readonly kind: SendFailure;
  constructor(kind: SendFailure, detail?: string) {
    super(kind === 'permission' ? 'FORBIDDEN' : 'BAD_REQUEST', `${EXPLAIN[kind]}${detail ? ` (${detail})` : ''}`, { kind });
    this.kind = kind;
  }
}

/** The fetch() arguments for a request, as n8n's HTTP Request node would send it, with the files chosen for it. */
export function fetchInit(request: RequestSpec, files: AttachedFiles = {}): { url: string; init: RequestInit } {
  const wire = toWireRequest(request);
  const url = urlWithQuery(wire.url, wire.query);
  const headers = new Headers();
  for (const { name, value } of wire.headers) headers.append(name, value);
  let body: BodyInit | undefined = wire.bodyText;
  if (request.body.mode === 'multipart') {
    const form = new FormData();
    request.body.parts.forEach((part, index) => {
      if (part.kind === 'text') form.append(part.name, part.value);
      else {
        const file = files[`part-${index}`];
        if (file) form.append(part.name, file, file.name || part.fileName || 'file');
      }
    });
    body = form;
    headers.delete('content-type');
  }
  if (request.body.mode === 'binary' && files.body) {
    body = files.body;
    if (!headers.has('content-type')) headers.set('content-type', request.body.contentType ?? (files.body.type || 'application/octet-stream'));
  }
  if (request.body.mode === 'form') body = encodeFormBody(request.body.fields);
  const redirect: RequestRedirect = request.options.followRedirects === false ? 'manual' : 'follow';
  return { url, init: { method: request.method, headers, ...(body === undefined || request.method === 'GET' || request.method === 'HEAD' ? {} : { body }), redirect, credentials: 'omit', cache: 'no-store' } };
}

/**
 * Sends and reads the answer. `networkError` is asked for after a failure: the name the
 * browser's network layer gave it (webRequest.onErrorOccurred), when it saw one.
 */
export async function send(request: RequestSpec, { signal, timeoutMs, networkError = () => undefined, files }: { signal: AbortSignal; timeoutMs: number; networkError?: (url: string) => Promise<string | undefined> | string | undefined; files?: AttachedFiles | undefined }): Promise<SentResponse> {
  const { url, init } = fetchInit(request, files);
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
  } catch (error) {
    if (timeout.aborted) throw new SendError('timeout', `${timeoutMs} ms`);
    if (signal.aborted) throw new SendError('canceled');
    // Give the network layer's report a moment to arrive: it comes as its own event.
    await new Promise((r) => setTimeout(r, 50));
    const reported = await networkError(url);
    throw new SendError(failureKind(reported ?? (error as { cause?: { code?: string } }).cause?.code), reported);
  }
  const { bytes, truncated } = await readCapped(response, signal, timeout);
  const timeMs = Math.round(performance.now() - started);
  const contentType = response.headers.get('content-type') ?? '';
  const headers = [...response.headers.entries()].map(([name, value]) => ({ name, value }));
  const textual = isText(contentType, bytes);
  return {
    status: response.status,
    statusText: response.statusText,
    url: response.url || url,
    timeMs,
    sizeBytes: bytes.length,
    headers,
    contentType,
    body: textual ? { kind: 'text', text: new TextDecoder().decode(bytes) } : { kind: 'binary', base64: bytesToBase64(bytes) },
    truncated,
  };
}

async function readCapped(response: Response, signal: AbortSignal, timeout: AbortSignal): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  // A declared length under the cap is read in one call; the chunk loop is for the rest.
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (length <= MAX_BODY_BYTES && !response.headers.has('content-encoding')) {
    try {
      return { bytes: new Uint8Array(await response.arrayBuffer()), truncated: false };
    } catch {
      throw readFailure(signal, timeout);
    }
  }
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size >= MAX_BODY_BYTES) {
        await reader.cancel();
        const bytes = concat(chunks).slice(0, MAX_BODY_BYTES);
        return { bytes, truncated: true };
      }
    }
  } catch {
    throw readFailure(signal, timeout);
  }
  return { bytes: concat(chunks), truncated: false };
}

function readFailure(signal: AbortSignal, timeout: AbortSignal): SendError {
  if (timeout.aborted) return new SendError('timeout', 'while reading the answer');
  if (signal.aborted) return new SendError('canceled');
  return new SendError('connection', 'the answer was cut off');
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function isText(contentType: string, bytes: Uint8Array): boolean {
  if (/^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded|graphql|yaml))/i.test(contentType)) return true;
  if (contentType && !/octet-stream/i.test(contentType)) return false;
  // No type given: text when the start decodes as UTF-8 without control characters.
  try {
    return !hasControlCharacters(new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(0, 1024), { stream: true }));
  } catch {
    return false;
  }
}

