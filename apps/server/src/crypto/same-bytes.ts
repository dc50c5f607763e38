import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two secrets (MACs, hashes, tokens) are the same, compared in constant time. Node's
 * `timingSafeEqual` throws on a length mismatch; a length says nothing secret here, so it is
 * checked first.
 * @example sameBytes(Buffer.from(given), Buffer.from(expected))
 */
export function sameBytes(given: Uint8Array, expected: Uint8Array): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
