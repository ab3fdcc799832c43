import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';
import { isStorableDate } from '@ai-http/shared/text';

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

/**
 * Only a cursor this API could have returned is read: a date exactly as encodeCursor writes it,
 * within years 1 to 9999 (JavaScript dates reach year 275760, which the stores refuse with a 500),
 * and a uuid.
 */
export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  const parts: unknown = (() => {
    try {
      return JSON.parse(Buffer.from(cursor, 'base64url').toString());
    } catch {
      return null;
    }
  })();
  if (Array.isArray(parts) && parts.length === 2) {
    const [at, id] = parts as unknown[];
    const date = typeof at === 'string' ? new Date(at) : null;
    if (date && isStorableDate(date) && date.toISOString() === at && typeof id === 'string' && isUuid(id)) return { at: date, id };
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned.', { where: 'query', issues: [{ path: 'cursor', message: 'invalid cursor' }] });
}
