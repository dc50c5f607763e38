import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../config/config-schema.js';
import { checkIdentity, identityHash, labelled } from './visitor-identity.js';

const secret = 'a-site-secret-of-some-length';
const site = (identity?: SiteConfig['identity']) => ({ key: 'demo', identity }) as SiteConfig;

describe('identity verification', () => {
  it('computes the HMAC-SHA256 of the user id, in hex, as a site backend does', () => {
    // echo -n user-42 | openssl dgst -sha256 -hmac a-site-secret-of-some-length
    expect(identityHash(secret, 'user-42')).toBe(
      '438643c577b88da78382f2ceadf8368bf19db510a02f2a49db23fc9bae2a2615',
    );
  });

  it('verifies a good hash, in either case', () => {
    const hash = identityHash(secret, 'user-42');
    expect(checkIdentity(site({ secret, required: true }), { userId: 'user-42', hash })).toEqual({
      ok: true,
      value: { verified: true },
    });
    expect(
      checkIdentity(site({ secret, required: false }), { userId: 'user-42', hash: hash.toUpperCase() }),
    ).toEqual({ ok: true, value: { verified: true } });
  });

  it('refuses another user’s hash, and any hash on a site without a secret', () => {
    const hash = identityHash(secret, 'user-42');
    const refused = { ok: false, error: { code: 'unauthorized' } };
    expect(checkIdentity(site({ secret, required: false }), { userId: 'user-43', hash })).toMatchObject(
      refused,
    );
    expect(checkIdentity(site(), { userId: 'user-42', hash })).toMatchObject(refused);
  });

  it('takes an identify without a hash as a label unless the site requires one', () => {
    expect(checkIdentity(site(), { userId: 'u' })).toEqual({ ok: true, value: { verified: false } });
    expect(checkIdentity(site({ secret, required: false }), { userId: 'u' })).toEqual({
      ok: true,
      value: { verified: false },
    });
    expect(checkIdentity(site({ secret, required: true }), { userId: 'u' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('labels the visitor with the name and email given', () => {
    expect(labelled({ page: 'p', name: 'Old' }, { name: 'Ada', email: 'ada@example.com' })).toEqual({
      page: 'p',
      name: 'Ada',
      email: 'ada@example.com',
    });
  });
});
