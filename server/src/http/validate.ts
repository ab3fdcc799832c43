import { AppError, describeZodIssues } from '@ai-http/shared/errors';
import type { z } from 'zod';

/** Parses input with a zod schema; failures become VALIDATION_FAILED with one line per field. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, where = 'body'): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `Some fields of the ${where} are missing or invalid.`, { where, issues: describeZodIssues(parsed.error) });
  return parsed.data;
}
