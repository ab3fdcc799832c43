import { AppError, describeZodIssues } from '@ai-http/shared/errors';
import { findUnstorableText } from '@ai-http/shared/text';
import type { z } from 'zod';

/**
 * Parses input with a zod schema; failures become VALIDATION_FAILED with one line per field.
 * Before the schema, any string (or key) holding a NUL or a lone surrogate is refused, wherever it
 * is: no store keeps one as it was sent, and Postgres fails on a NUL with a 500.
 */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where = 'body'): z.output<T> {
  const invalid = (issues: { path: string; message: string }[]) => new AppError('VALIDATION_FAILED', `Some fields of the ${where} are missing or invalid.`, { where, issues });
  const unstorable = findUnstorableText(input);
  if (unstorable) throw invalid([{ path: unstorable, message: 'must not contain NUL characters or unpaired surrogates' }]);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error));
  return parsed.data;
}
