import { AppError, describeZodIssues } from '@ai-http/shared/errors';
import { findUnstorableText } from '@ai-http/shared/text';
import type { z } from 'zod';

/**
 * How deep an input may nest (objects and arrays). No route needs more; a body of `[[[[…` 100,000
 * levels deep fits in the body limit and overflowed the recursive walks after it (a 500).
 */
export const MAX_INPUT_DEPTH = 100;

/**
 * Parses input with a zod schema; failures become VALIDATION_FAILED with one line per field.
 * Before the schema, input nested deeper than MAX_INPUT_DEPTH is refused, and so is any string
 * (or key) holding a NUL or a lone surrogate, wherever it is: no store keeps one as it was sent,
 * and Postgres fails on a NUL with a 500.
 */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where = 'body'): z.output<T> {
  const invalid = (issues: { path: string; message: string }[]) => new AppError('VALIDATION_FAILED', `Some fields of the ${where} are missing or invalid.`, { where, issues });
  if (nestsDeeperThan(input, MAX_INPUT_DEPTH)) throw invalid([{ path: '(root)', message: `must not nest objects and arrays more than ${MAX_INPUT_DEPTH} levels deep` }]);
  const unstorable = findUnstorableText(input);
  if (unstorable) throw invalid([{ path: unstorable, message: 'must not contain NUL characters or unpaired surrogates' }]);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error));
  return parsed.data;
}

/** Whether a parsed JSON value nests objects and arrays more than `max` levels (without recursion: the depth is the attacker's). */
function nestsDeeperThan(input: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[input, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return true;
    for (const item of Object.values(value)) if (typeof item === 'object' && item !== null) pending.push([item, depth + 1]);
  }
  return false;
}
