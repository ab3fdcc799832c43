// Reading a spec's bytes from where the user points: a URL (streamed, with progress from
// Content-Length), a File from the picker, or pasted text. Runs in the worker and in Node tests.
import { AppError } from '@ai-http/shared/errors';
import { MAX_SPEC_BYTES, tooLarge, type ProgressListener } from './import-core.ts';
import type { SpecSourceInfo } from './schema.ts';

export type SpecSource = { url: string } | { file: File } | { text: string };

export function describeSource(source: SpecSource): SpecSourceInfo {
  if ('url' in source) return { kind: 'url', url: source.url };
  if ('file' in source) return { kind: 'file', name: source.file.name };
  return { kind: 'text' };
}

export async function readSource(source: SpecSource, onProgress: ProgressListener, signal?: AbortSignal): Promise<string> {
  if ('text' in source) {
    if (source.text.length > MAX_SPEC_BYTES) throw tooLarge(source.text.length);
    return source.text;
  }
  if ('file' in source) {
    if (source.file.size > MAX_SPEC_BYTES) throw tooLarge(source.file.size);
    return readStream(source.file.stream(), source.file.size, onProgress, signal);
  }
  return download(source.url, onProgress, signal);
}

async function download(url: string, onProgress: ProgressListener, signal?: AbortSignal): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_REQUEST', `"${url}" is not a web address. Paste the full address of the spec, starting with https://.`, { url });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('BAD_REQUEST', `Only http:// and https:// addresses can be loaded, not ${parsed.protocol}`, { url });
  let response: Response;
  try {
    response = await fetch(parsed, { signal: signal ?? null, credentials: 'omit' });
  } catch (error) {
    if (signal?.aborted) throw error;
    // A refused connection, DNS, TLS or CORS: the browser gives one TypeError for all of them.
    throw new AppError(
      'BAD_REQUEST',
      `Could not download ${parsed.host}: the site did not answer, or it does not let extensions read it (no access to ${parsed.origin} granted, or no CORS). Download the file and choose it here, or paste its text.`,
      { url, cause: (error as Error).message },
    );
  }
  if (!response.ok || !response.body) throw new AppError('BAD_REQUEST', `${parsed.host} answered ${response.status} ${response.statusText} for this address: check the URL of the spec.`, { url, status: response.status });
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_SPEC_BYTES) {
    await response.body.cancel();
    throw tooLarge(length);
  }
  return readStream(response.body, length, onProgress, signal);
}

/** Decodes a byte stream as UTF-8, reporting progress and stopping at the size limit. */
async function readStream(stream: ReadableStream<Uint8Array>, total: number, onProgress: ProgressListener, signal?: AbortSignal): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  let loaded = 0;
  onProgress({ phase: 'download', loaded, total });
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw signal.reason;
    }
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    if (loaded > MAX_SPEC_BYTES) {
      await reader.cancel();
      throw tooLarge(loaded);
    }
    chunks.push(decoder.decode(value, { stream: true }));
    onProgress({ phase: 'download', loaded, total: Math.max(total, loaded) });
  }
  chunks.push(decoder.decode());
  return chunks.join('');
}
