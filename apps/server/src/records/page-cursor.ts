import { TimeSchema } from '@parley/protocol';
import * as v from 'valibot';

/**
 * Keyset paging: a cursor names the last row of a page by its time and id, so the next page
 * starts right after it even while rows are added. Opaque to callers (base64url JSON).
 */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** A page cursor that is not one `encodeCursor` made: the caller's mistake (or tampering). */
export class BadCursorError extends RangeError {
  override readonly name = 'BadCursorError';
}

/**
 * The time and id a cursor names.
 * @throws BadCursorError when it is not one `encodeCursor` made.
 */
export function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    // A time a Date holds: anything else (tampering) would fail in the query, not here.
    if (Array.isArray(value) && v.is(TimeSchema, value[0]) && typeof value[1] === 'string') {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Not JSON: reported below like any other malformed cursor.
  }
  throw new BadCursorError('Invalid page cursor');
}

/** A page size within [1, max], `fallback` when none was given. */
export function pageLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}
