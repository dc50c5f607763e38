import { createHash, randomBytes } from 'node:crypto';
import { sameBytes } from '../crypto/same-bytes.js';
import { API_SCOPES, type ApiKeyInfo, type ApiKeyStore, type ApiScope } from '../records/api-key-store.js';

/** A key as handed out: `pk_<16 hex id>_<43 base64url characters of secret>`. */
const KEY_FORMAT = /^pk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  id: string;
  /** The whole key, shown once: the only place the secret ever appears. */
  key: string;
  /** What the store keeps. */
  secretHash: string;
}

/**
 * SHA-256 of the secret, hex. A plain hash is right for API keys (unlike passwords): the secret
 * is 256 random bits, so there is nothing to guess, and checking it costs no more than a lookup.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * A new key: a random id to find it by, a random 256-bit secret, and the secret's hash.
 * @example const { id, key, secretHash } = issueApiKey(); // key: 'pk_3f9c…_Xq…'
 */
export function issueApiKey(): IssuedApiKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `pk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a key in the right format, or null. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_FORMAT.exec(key);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

/** Whether `secret` hashes to `secretHash`, compared in constant time. */
export function secretMatches(secretHash: string, secret: string): boolean {
  const expected = Buffer.from(secretHash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  return sameBytes(given, expected);
}

/**
 * Whether a key of scope `has` may do what needs `needs`: admin implies write implies read.
 * @example scopeAllows('write', 'read') // true
 */
export function scopeAllows(has: ApiScope, needs: ApiScope): boolean {
  return API_SCOPES.indexOf(has) >= API_SCOPES.indexOf(needs);
}

/**
 * Issues a key and keeps it (its hash) in `keys`: the key as listed, and the whole key, which
 * the caller shows once. The script and `POST /api/v1/api-keys` both make keys here.
 * @example const { apiKey, key } = await createApiKey(records.apiKeys, { siteKey: 'demo', name: 'crm', scope: 'write', now });
 */
export async function createApiKey(
  keys: ApiKeyStore,
  input: { siteKey: string; name: string; scope: ApiScope; now: number },
): Promise<{ apiKey: ApiKeyInfo; key: string }> {
  const issued = issueApiKey();
  const apiKey = await keys.create({ ...input, id: issued.id, secretHash: issued.secretHash });
  return { apiKey, key: issued.key };
}
