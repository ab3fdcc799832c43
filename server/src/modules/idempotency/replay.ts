import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import type { Context } from 'koa';
import type { AuthState } from '../../http/api.ts';
import { IdempotencyRepository } from './repository.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a create once per `Idempotency-Key`: the first request with a key runs and its answer is
 * kept; a retry with the same key and the same body gets that answer again (with
 * `Idempotent-Replayed: true`) instead of making a second row. The same key with another body is
 * CONFLICT; a retry while the first still runs is CONFLICT with Retry-After. Without the header,
 * `run` just runs.
 */
export async function runIdempotent(em: EntityManager, ctx: Context, auth: AuthState, route: string, body: unknown, status: number, run: () => Promise<unknown>): Promise<unknown> {
  const key = ctx.get(IDEMPOTENCY_HEADER);
  if (!key) return run();
  if (!KEY.test(key)) throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.', { where: 'headers', issues: [{ path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }] });
  const keys = new IdempotencyRepository(em);
  const requestHash = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  const claim = await keys.claim(auth.userId, key, route, requestHash);
  if (!claim.claimed) {
    const { earlier } = claim;
    if (earlier && (earlier.route !== route || earlier.requestHash !== requestHash)) throw new AppError('CONFLICT', 'This Idempotency-Key was used for another request: use a new key for a new request.', { header: 'Idempotency-Key' });
    if (!earlier || earlier.status === null) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being handled: retry in a moment.', { header: 'Idempotency-Key', retryAfterSeconds: 1 });
    ctx.set('Idempotent-Replayed', 'true');
    return earlier.response;
  }
  let answer: unknown;
  try {
    answer = await run();
  } catch (error) {
    await keys.release(auth.userId, key).catch(() => undefined);
    throw error;
  }
  await keys.complete(auth.userId, key, status, answer);
  return answer;
}
