import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ERROR_CODES, describeZodIssues, errorEnvelopeSchema } from '../src/errors.ts';

describe('error codes', () => {
  it('gives every code an HTTP error status and a message', () => {
    for (const [code, { status, message }] of Object.entries(ERROR_CODES)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(message.length, code).toBeGreaterThan(10);
    }
  });

  it('turns an AppError into the one envelope', () => {
    const error = new AppError('NOT_FOUND', 'No such instance.', { id: 'x' });
    expect(error.status).toBe(404);
    const envelope = error.toEnvelope();
    expect(errorEnvelopeSchema.parse(envelope)).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'No such instance.', details: { id: 'x' } } });
  });

  it('falls back to the code message when none is given', () => {
    expect(new AppError('RATE_LIMITED').message).toBe(ERROR_CODES.RATE_LIMITED.message);
  });

  it('rejects envelopes with an unknown code', () => {
    expect(errorEnvelopeSchema.safeParse({ success: false, error: { code: 'OOPS', message: 'x', details: null } }).success).toBe(false);
  });

  it('describes zod issues by path', () => {
    const result = z.object({ port: z.number(), nested: z.object({ url: z.url() }) }).safeParse({ port: 'x', nested: { url: 'nope' } });
    expect(result.success).toBe(false);
    expect(describeZodIssues(result.error!).map((i) => i.path)).toEqual(['port', 'nested.url']);
  });
});
