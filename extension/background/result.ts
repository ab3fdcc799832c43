import { AppError } from '@ai-http/shared/errors';
import type { Result } from '../common/messages.ts';

/** Runs a handler's work and turns what it throws into a Result the other world can read. */
export async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'INTERNAL', message: (error as Error).message } };
  }
}
