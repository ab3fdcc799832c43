import { z } from 'zod';
import { ERROR_CODES, type ErrorCode, type ErrorEnvelope } from './app-error.ts';

export { AppError, ERROR_CODES, type ErrorCode, type ErrorEnvelope } from './app-error.ts';

export const errorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

// Typed by the zod-free ErrorEnvelope (app-error.ts): the schema must parse to that shape.
export const errorEnvelopeSchema: z.ZodType<ErrorEnvelope> = z.object({
  success: z.literal(false),
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown(),
  }),
});

export const successEnvelopeSchema = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });
export type SuccessEnvelope<T> = { success: true; data: T };

/** Turns zod issues into a small, stable `details` list: where, and what is wrong. */
export function describeZodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}
