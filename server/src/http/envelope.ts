import type { Context } from 'koa';
import type { SuccessEnvelope } from '@ai-http/shared';

/** Every successful reply: `{success: true, data}`. */
export function reply<T>(ctx: Context, data: T, status = 200): void {
  ctx.status = status;
  ctx.body = { success: true, data } satisfies SuccessEnvelope<T>;
}

/**
 * Data already serialised to JSON (a cache hit), kept as the whole success envelope in UTF-8
 * bytes: it is sent as it is, without a parse, a stringify or a string-to-bytes conversion.
 */
export class RawJson {
  readonly text: string;
  readonly envelope: Buffer;
  constructor(text: string) {
    this.text = text;
    this.envelope = Buffer.from(`{"success":true,"data":${text}}`);
  }
}

export function replyRaw(ctx: Context, data: RawJson, status = 200): void {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = data.envelope;
}

/**
 * A handler that streamed its answer itself (`ctx.body` a stream of JSON lines): the registry
 * sends it as it is, without the envelope. Errors before the stream starts still get the envelope.
 */
export class Streamed {}
