import type { SessionSummary, VisitorInfo } from '@parley/protocol';
import type { RecordsStore } from '../records/records-store.js';
import type { SessionStore } from '../store/session-store.js';

/** A visitor Parley has seen on a site: what a new session of theirs starts from. */
export interface KnownVisitor {
  siteKey: string;
  /** What their latest live session knew of them, else the records' name and email. */
  info: VisitorInfo;
  /** Their latest session in the live store, open or closed, when one is left. */
  latest: SessionSummary | undefined;
}

/**
 * A visitor of `siteKey` who exists (identified or seen before): their latest session in the live
 * store, else their profile in the records; undefined for a visitor never seen there. Used where a
 * session is started for a visitor from outside the widget (REST `createSession`, an agent's
 * `session.start`).
 * @example const known = await knownVisitor(store, records, 'shop', visitorId);
 */
export async function knownVisitor(
  store: Pick<SessionStore, 'visitorSessions'>,
  records: Pick<RecordsStore, 'visitor'> | undefined,
  siteKey: string,
  visitorId: string,
): Promise<KnownVisitor | undefined> {
  const [latest] = await store.visitorSessions(visitorId, 1);
  if (latest && latest.siteKey === siteKey) return { siteKey, info: latest.visitor, latest };
  const profile = await records?.visitor(siteKey, visitorId);
  if (!profile || profile.erasedAt !== null) return undefined;
  const info: VisitorInfo = {
    ...(profile.name ? { name: profile.name } : {}),
    ...(profile.email ? { email: profile.email } : {}),
  };
  return { siteKey, info, latest: undefined };
}
