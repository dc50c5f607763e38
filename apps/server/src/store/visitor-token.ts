import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NewVisitor } from './session-store.js';

/** 256 random bits: unguessable. The store keeps only the hash, so a leaked store leaks no tokens. */
export function issueToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** A new visitor id with its token. */
export function issueVisitor(): NewVisitor & { tokenHash: string } {
  return { visitorId: `v_${randomUUID()}`, ...issueToken() };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
