import { createHmac } from 'node:crypto';
import {
  type FormField,
  type FormFields,
  fail,
  type IdentifyInput,
  type Result,
  type SessionSummary,
  type VisitorInfo,
} from '@parley/protocol';
import type { SiteConfig } from '../config/config-schema.js';
import { sameBytes } from '../crypto/same-bytes.js';

/**
 * The identity hash a site's backend computes for a user: lowercase hex HMAC-SHA256 of the
 * user id with the site's identity secret.
 * @example identityHash('a-long-site-secret', 'user-42') // '5c0f…' (64 hex digits)
 */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/**
 * Whether an identify is verified (a good hash), merely labels the visitor (no hash, and the
 * site does not require one), or is refused: a wrong hash always, a missing one when the site
 * requires it. The comparison takes the same time whatever the hash.
 * @example checkIdentity(site, { userId: 'user-42', hash }) // { ok: true, value: { verified: true } }
 */
export function checkIdentity(site: SiteConfig, input: IdentifyInput): Result<{ verified: boolean }> {
  const { identity } = site;
  if (input.hash === undefined) {
    if (identity?.required) return fail('unauthorized', 'This site only accepts a verified identity (hash)');
    return { ok: true, value: { verified: false } };
  }
  if (!identity) return fail('unauthorized', 'This site has no identity secret to check the hash with');
  const expected = Buffer.from(identityHash(identity.secret, input.userId), 'hex');
  const given = Buffer.from(input.hash.toLowerCase(), 'hex');
  if (!sameBytes(given, expected)) {
    return fail('unauthorized', 'The identity hash does not match this user id');
  }
  return { ok: true, value: { verified: true } };
}

/** The visitor's info with a name and email (those given): an identify's, the pre-chat form's. */
export function labelled(info: VisitorInfo, { name, email }: { name?: string; email?: string }): VisitorInfo {
  return { ...info, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/** The visitor's answers to the pre-chat form, kept with what the session knows of them. */
export const withPrechat = (info: VisitorInfo, answers: FormFields): VisitorInfo => ({
  ...labelled(info, answers),
  prechat: answers,
});

/**
 * What a new session of the visitor knows of them: `info`, with the pre-chat answers (and the
 * name and email they gave) of the visitor's `latest` session when this connection has none. A
 * site whose `form` has a required field refuses a visitor who has never answered it, unless
 * the page said who they are (`identified`): the form is a gate, not a courtesy.
 * @example newSessionInfo(info, latest, { form: site.prechatForm ?? [], identified: false })
 */
export function newSessionInfo(
  info: VisitorInfo,
  latest: SessionSummary | undefined,
  { form, identified }: { form: readonly FormField[]; identified: boolean },
): Result<VisitorInfo> {
  if (info.prechat || identified) return { ok: true, value: info };
  const answers = latest?.visitor.prechat;
  if (answers) return { ok: true, value: withPrechat(info, answers) };
  if (form.some((field) => field.required)) {
    return fail('invalid_payload', 'This site asks its pre-chat form first: send the answers as `prechat`');
  }
  return { ok: true, value: info };
}
