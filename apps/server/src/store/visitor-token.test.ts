import { describe, expect, it } from 'vitest';
import { newTokenSecret, newVisitorId, signVisitorToken, verifyVisitorToken } from './visitor-token.js';

describe('signed visitor tokens', () => {
  const secret = newTokenSecret();
  const visitorId = newVisitorId();
  const token = signVisitorToken(secret, 'visitor', 'demo', visitorId);

  it('name their visitor and kind on their own site, with the secret that signed them', () => {
    expect(verifyVisitorToken(secret, 'demo', token)).toEqual({ visitorId, kind: 'visitor' });
    const user = signVisitorToken(secret, 'user', 'demo', visitorId);
    expect(user).not.toBe(token);
    expect(verifyVisitorToken(secret, 'demo', user)).toEqual({ visitorId, kind: 'user' });
    expect(verifyVisitorToken(secret, 'other', token)).toBeNull();
    expect(verifyVisitorToken(newTokenSecret(), 'demo', token)).toBeNull();
  });

  it('refuse a forged, altered or malformed token', () => {
    const [, mac = ''] = token.split('.');
    const flipped = `${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    for (const forged of [
      `${newVisitorId()}.${mac}`,
      `${visitorId}.${flipped}`,
      `${visitorId}.${mac.slice(1)}`,
      `${token}A`,
      `${visitorId}.`,
      `.${mac}`,
      visitorId,
      `v_not-a-uuid.${mac}`,
      `${visitorId}:x.${mac}`,
      '',
    ]) {
      expect(verifyVisitorToken(secret, 'demo', forged)).toBeNull();
    }
  });

  it('keep site and visitor apart: a site key with a colon signs nothing another site can use', () => {
    const tricky = signVisitorToken(secret, 'visitor', 'a:b', visitorId);
    expect(verifyVisitorToken(secret, 'a', tricky)).toBeNull();
    expect(verifyVisitorToken(secret, 'a:b', tricky)).toEqual({ visitorId, kind: 'visitor' });
  });
});
