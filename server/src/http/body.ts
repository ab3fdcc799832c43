import type { Context } from 'koa';
import { AppError } from '@ai-http/shared/errors';

/**
 * Reads a request's JSON body up to `limitBytes` (undefined when there is none). Anything else
 * with a body is refused with 415; a body too large with 413 (before it is all read); broken
 * JSON with INVALID_JSON; an upload the client abandons with BAD_REQUEST.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const length = Number(ctx.get('content-length') || 0);
  if (length === 0 && ctx.get('transfer-encoding') === '') return undefined;
  if (length > limitBytes) throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limitBytes} bytes.`, { limitBytes });
  if (!ctx.is('application/json', '+json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > limitBytes) throw new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limitBytes} bytes.`, { limitBytes });
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The client went away mid-upload: its fault, not ours (no 500, no error in the log).
    throw new AppError('BAD_REQUEST', 'The client closed the connection before the whole body arrived.');
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // Kept for routes that check a signature over the exact bytes (the n8n hook's notices).
  ctx.state.rawBody = text;
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    throw new AppError('INVALID_JSON', 'The request body is not valid JSON.');
  }
}
