import { createHmac } from 'node:crypto';
import { sameBytes } from '../crypto/same-bytes.js';

/**
 * Short-lived signed links to files (issue 14): the HMAC-SHA256, with the server's file secret,
 * of the file id and the expiry. Whoever holds a link may fetch the file until it expires; a
 * link is only given to the session's participants.
 */
export function createFileLinks(secret: string, clock: () => number, ttlMs: number) {
  const mac = (id: string, expires: number) =>
    createHmac('sha256', secret).update(`file:${id}:${expires}`).digest('base64url');
  return {
    /** The query of a link valid for `ttlMs` from now. */
    sign(id: string): { expires: number; signature: string } {
      const expires = clock() + ttlMs;
      return { expires, signature: mac(id, expires) };
    },
    /** Whether a link's query is genuine and not expired. */
    verify(id: string, expires: number, signature: string): boolean {
      if (!Number.isSafeInteger(expires) || expires < clock()) return false;
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(id, expires));
      return sameBytes(given, expected);
    },
  };
}

export type FileLinks = ReturnType<typeof createFileLinks>;
