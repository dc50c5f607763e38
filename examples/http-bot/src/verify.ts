import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from this clock (Standard Webhooks' usual 5 minutes). */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks a Standard Webhooks request (https://www.standardwebhooks.com) with `node:crypto` only:
 * the HMAC-SHA256 of `id.timestamp.body` with the secret (base64 after `whsec_`) must be one of
 * the `v1,` signatures of the header, and the timestamp recent. Compare in constant time.
 * @example verifySignature(secret, { id, timestamp, signature }, rawBody, Date.now()) // true or false
 */
export function verifySignature(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: number,
): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
