import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Starts answering, with the client allowed back to these URIs (known once Parley listens). */
  allowRedirects(redirectUris: string[]): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package, certified) in this process on a free port,
 * with its development sign-in pages: any login name signs in, as the account of that name, whose
 * `email` is the name itself and verified unless it starts with `unverified`. One confidential
 * client, whose redirect URIs come once Parley listens (`allowRedirects`); PKCE (S256) is required.
 * @example const provider = await startOidcProvider(); provider.allowRedirects([`${url}/api/agent/oidc/callback`]);
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'parley-desk';
  const clientSecret = 'a-client-secret-for-the-tests-only';
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    issuer,
    clientId,
    clientSecret,
    allowRedirects(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        pkce: { required: () => true },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        cookies: { keys: ['a-cookie-key-for-the-tests-only'] },
        jwks: { keys: [{ ...signingKey, kid: 'tests', use: 'sig', alg: 'RS256' }] },
        findAccount: async (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: async () => ({ sub, email: sub, email_verified: !sub.startsWith('unverified'), name: sub }),
        }),
      });
      server.on('request', provider.callback());
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
