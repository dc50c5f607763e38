import * as v from 'valibot';

/**
 * Single sign-on for agents with OpenID Connect (issue 15, docs/humans.md "Single sign-on"): the
 * authorization code flow with PKCE against one provider (Okta, Entra ID, Google, Keycloak…),
 * beside passwords. The provider's verified email picks the agent among `agents`.
 */
export const OidcConfigSchema = v.strictObject({
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read at first use. */
  issuer: v.pipe(v.string(), v.url('must be the provider issuer URL')),
  clientId: v.pipe(v.string(), v.minLength(1)),
  /** A confidential client's secret; unset, Parley is a public client (PKCE alone). */
  clientSecret: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Signs the flow's cookie and the desk's one-minute sign-in ticket. */
  secret: v.pipe(v.string(), v.minLength(32, 'use at least 32 random characters')),
  /** The button's text on the desk's login screen. */
  label: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(60)), 'Sign in with SSO'),
  scopes: v.optional(
    v.pipe(v.string(), v.regex(/(^|\s)openid(\s|$)/, 'must include openid')),
    'openid email profile',
  ),
  /**
   * Where the provider sends the agent back: `<PUBLIC_URL>/api/agent/oidc/callback`, registered
   * with the provider. Unset, it is made from the request's own origin.
   */
  redirectUrl: v.optional(v.pipe(v.string(), v.url())),
  /** Accept an email the provider does not say is verified (`email_verified`); off by default. */
  allowUnverifiedEmail: v.optional(v.boolean(), false),
  /** Talk to a provider over plain HTTP: for a provider on this machine in development only. */
  allowInsecure: v.optional(v.boolean(), false),
});

export const SsoConfigSchema = v.strictObject({ oidc: v.optional(OidcConfigSchema) });

export type OidcConfig = v.InferOutput<typeof OidcConfigSchema>;
