import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';

/**
 * A list position: the last row's time and `id` (rows are ordered by both, newest first), as
 * opaque text for clients. The time is the list's order: `createdAt` for owned rows, `startedAt`
 * for executions.
 */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor({ at, id }: Cursor): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !isUuid(id)) throw new Error('bad');
    return { at: date, id };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned.', { where: 'query', issues: [{ path: 'cursor', message: 'invalid cursor' }] });
  }
}
