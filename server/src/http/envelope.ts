import type { Context } from 'koa';
import type { SuccessEnvelope } from '@ai-http/shared';

/** Every successful reply: `{success: true, data}`. */
export function reply<T>(ctx: Context, data: T, status = 200): void {
  ctx.status = status;
  ctx.body = { success: true, data } satisfies SuccessEnvelope<T>;
}

/** Data already serialised to JSON (a cache hit): sent as is, without a parse and a stringify. */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function replyRaw(ctx: Context, data: RawJson, status = 200): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = `{"success":true,"data":${data.text}}`;
}
