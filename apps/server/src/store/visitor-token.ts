import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NewVisitor } from './session-store.js';

/** 256 random bits: unguessable. The store keeps only the hash, so a leaked store leaks no tokens. */
export function issueVisitor(): NewVisitor & { tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { visitorId: `v_${randomUUID()}`, token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
