import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sameBytes } from '../crypto/same-bytes.js';

/**
 * Visitor tokens are signed, not stored (issue 11): `<visitorId>.<mac>`, the MAC being the
 * base64url HMAC-SHA256, with the store's token secret, of `<kind>:<siteKey>:<visitorId>`. A
 * handshake is checked without reading anything, and a visitor who only connects costs no
 * storage at all. `kind` is `visitor` for an anonymous visitor and `user` for the visitor of a
 * verified user (identifyVisitor), whose user the store keeps with that visitor's data.
 */
export type TokenKind = 'visitor' | 'user';

/** A visitor id as `newVisitorId` makes them; nothing else is signed, and it holds no ':' or '.'. */
const VISITOR_ID = /^v_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newVisitorId(): string {
  return `v_${randomUUID()}`;
}

/** 256 random bits, the key of every token's MAC. */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

const mac = (secret: string, kind: TokenKind, siteKey: string, visitorId: string): Buffer =>
  Buffer.from(createHmac('sha256', secret).update(`${kind}:${siteKey}:${visitorId}`).digest('base64url'));

/**
 * The token of a visitor of a site.
 * @example signVisitorToken(secret, 'visitor', 'demo', newVisitorId()) // 'v_0f9c….Xh3…'
 */
export function signVisitorToken(
  secret: string,
  kind: TokenKind,
  siteKey: string,
  visitorId: string,
): string {
  return `${visitorId}.${mac(secret, kind, siteKey, visitorId).toString()}`;
}

/** Whether a token is a signed one; one without a dot is a stored token of old (`hashToken`). */
export const isSignedToken = (token: string): boolean => token.includes('.');

/**
 * Whom a signed token names on this site, or null when it is malformed, forged or another
 * site's. The MACs are compared in constant time.
 * @example verifyVisitorToken(secret, 'demo', token) // { visitorId: 'v_0f9c…', kind: 'visitor' }
 */
export function verifyVisitorToken(
  secret: string,
  siteKey: string,
  token: string,
): { visitorId: string; kind: TokenKind } | null {
  const dot = token.indexOf('.');
  const visitorId = token.slice(0, dot);
  if (dot < 0 || !VISITOR_ID.test(visitorId)) return null;
  const given = Buffer.from(token.slice(dot + 1));
  for (const kind of ['visitor', 'user'] as const) {
    const expected = mac(secret, kind, siteKey, visitorId);
    if (sameBytes(given, expected)) return { visitorId, kind };
  }
  return null;
}

/** 256 random bits: unguessable. The store keeps only the hash, so a leaked store leaks no tokens. */
export function issueToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
