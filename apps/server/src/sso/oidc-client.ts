import * as client from 'openid-client';
import type { OidcConfig } from '../config/sso-config.js';

/** What the browser keeps (signed, in a cookie) between leaving for the provider and coming back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  redirectUrl: string;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
}

/**
 * The OpenID Connect side of agent sign-in (issue 15), through `openid-client`, a certified
 * relying party: the provider's metadata is discovered at first use (and again after a failure),
 * each sign-in gets its own PKCE verifier, state and nonce, and the answer's ID token is checked
 * (signature, issuer, audience, expiry, nonce) before any claim is read.
 * @example const oidc = createOidcClient(config.sso.oidc); const { url, flow } = await oidc.start(redirectUrl);
 */
export function createOidcClient(config: OidcConfig) {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None(),
        config.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  return {
    /** Where to send the browser, and the flow to keep until it comes back to `redirectUrl`. */
    async start(redirectUrl: string): Promise<{ url: URL; flow: OidcFlow }> {
      const flow = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        redirectUrl,
      };
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUrl,
        scope: config.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      return { url, flow };
    },

    /**
     * Trades the code the provider sent back (`query`, the callback's query string) for tokens, and
     * reads who signed in from the checked ID token. Throws when anything does not match.
     */
    async finish(query: string, flow: OidcFlow): Promise<OidcIdentity> {
      const callback = new URL(flow.redirectUrl);
      callback.search = query;
      const tokens = await client.authorizationCodeGrant(await configuration(), callback, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('The provider sent no ID token');
      // Many providers put the scopes' claims in the UserInfo answer rather than the ID token
      // (OpenID Connect Core 5.4): asked there, for the same subject, when the token lacks them.
      const profile =
        typeof claims.email === 'string'
          ? claims
          : await client.fetchUserInfo(await configuration(), tokens.access_token, claims.sub);
      return {
        subject: claims.sub,
        email: typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : undefined,
        emailVerified: profile.email_verified === true,
      };
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
