import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, NO_MATCH, verifyPassword } from './password.js';

describe('password hashes', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct hors', hash)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(hash);
  });

  it('matches nothing against the placeholder or a malformed hash', async () => {
    expect(await verifyPassword('', NO_MATCH)).toBe(false);
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
    expect(isPasswordHash('plain-text-password')).toBe(false);
  });
});
