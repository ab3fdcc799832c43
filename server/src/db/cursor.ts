import { AppError } from '@ai-http/shared/errors';
import { isUuid } from '@ai-http/shared/ids';

/**
 * A list position: the last row's `createdAt` and `id` (rows are ordered by both, newest first),
 * as opaque text for clients.
 */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor({ createdAt, id }: Cursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || !isUuid(id)) throw new Error('bad');
    return { createdAt: date, id };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API returned.', { where: 'query', issues: [{ path: 'cursor', message: 'invalid cursor' }] });
  }
}
