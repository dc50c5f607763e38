import { describe, expect, it } from 'vitest';
import { hashSecret, issueApiKey, parseApiKey, scopeAllows, secretMatches } from './api-key.js';

describe('API keys', () => {
  it('issues keys that parse back to their id and a secret matching the kept hash only', () => {
    const a = issueApiKey();
    const b = issueApiKey();
    expect(a.key).toMatch(/^pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    const parsed = parseApiKey(a.key);
    expect(parsed?.id).toBe(a.id);
    expect(a.secretHash).toBe(hashSecret(parsed?.secret ?? ''));
    expect(a.key).not.toContain(a.secretHash);
    expect(secretMatches(a.secretHash, parsed?.secret ?? '')).toBe(true);
    expect(secretMatches(b.secretHash, parsed?.secret ?? '')).toBe(false);
    expect(secretMatches('not-hex', parsed?.secret ?? '')).toBe(false);
  });

  it('refuses anything not in the key format', () => {
    const { key } = issueApiKey();
    for (const bad of ['', 'pk_', `${key}x`, key.slice(1), key.replace('pk_', 'sk_'), `Bearer ${key}`]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('orders scopes: admin implies write implies read', () => {
    expect(scopeAllows('admin', 'write')).toBe(true);
    expect(scopeAllows('write', 'read')).toBe(true);
    expect(scopeAllows('read', 'read')).toBe(true);
    expect(scopeAllows('read', 'write')).toBe(false);
    expect(scopeAllows('write', 'admin')).toBe(false);
  });
});
