import { createHmac } from 'node:crypto';
import { sameBytes } from '../crypto/same-bytes.js';

/**
 * A JSON value with an expiry, signed with HMAC-SHA256 (`<base64url JSON>.<signature>`): the SSO
 * flow's cookie and the desk's sign-in ticket (issue 15). Not encrypted: what it carries is safe
 * to read by whoever holds it (the browser that started the flow), but not to make or change.
 * `purpose` keeps a value signed for one use from passing as another.
 * @example const seal = signedValues(secret, Date.now); const text = seal.sign('ticket', { agentId }, 60_000);
 */
export function signedValues(secret: string, clock: () => number) {
  const mac = (purpose: string, body: string) =>
    createHmac('sha256', secret).update(`${purpose}.${body}`).digest('base64url');
  return {
    sign(purpose: string, value: Record<string, unknown>, ttlMs: number): string {
      const body = Buffer.from(JSON.stringify({ ...value, exp: clock() + ttlMs })).toString('base64url');
      return `${body}.${mac(purpose, body)}`;
    },

    /** The value, when `text` was signed for `purpose` and has not expired; else null. */
    open(purpose: string, text: string | undefined): Record<string, unknown> | null {
      const [body, signature, extra] = (text ?? '').split('.');
      if (!body || !signature || extra !== undefined) return null;
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(purpose, body));
      if (!sameBytes(given, expected)) return null;
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (typeof value !== 'object' || value === null) return null;
      const record = value as Record<string, unknown>;
      return typeof record.exp === 'number' && record.exp > clock() ? record : null;
    },
  };
}

export type SignedValues = ReturnType<typeof signedValues>;
