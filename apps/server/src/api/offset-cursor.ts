import { fail, type Result } from '@parley/protocol';

/**
 * A page cursor over a ranked list (a search: its order is by rank, so there is no row to key
 * the next page on): the offset where the next page starts, opaque to callers.
 * @example offsetCursor(20) // 'o20'
 */
export const offsetCursor = (offset: number): string => `o${offset}`;

/** The offset a cursor names (0 without one); `invalid_payload` for anything this server did not give. */
export function readOffsetCursor(cursor: string | undefined): Result<number> {
  if (cursor === undefined) return { ok: true, value: 0 };
  const match = /^o(\d{1,5})$/.exec(cursor);
  return match
    ? { ok: true, value: Number(match[1]) }
    : fail('invalid_payload', '`cursor` is not a page cursor of this list');
}
