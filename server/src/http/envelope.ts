import type { Context } from 'koa';
import type { SuccessEnvelope } from '@ai-http/shared';

/** Every successful reply: `{success: true, data}`. */
export function reply<T>(ctx: Context, data: T, status = 200): void {
  ctx.status = status;
  ctx.body = { success: true, data } satisfies SuccessEnvelope<T>;
}
