import { createHmac, randomBytes } from 'node:crypto';

/**
 * The `webhook-signature` header of the Standard Webhooks specification
 * (https://www.standardwebhooks.com): `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for each
 * secret, space separated, so a receiver holding either secret of a rotation accepts it.
 * @example signatureHeader(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_1', 1700000000, '{}')
 */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

/**
 * A new random secret for an endpoint.
 * @example const secret = newSecret(); // 'whsec_...'
 */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
