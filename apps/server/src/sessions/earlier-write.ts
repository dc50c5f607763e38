import type { Author, SessionEvent } from '@parley/protocol';
import { dedupeKey } from '../store/dedupe-key.js';
import type { SessionStore } from '../store/session-store.js';

/**
 * The event `author` already wrote in the session with this client id, if any. It serves a
 * caller who is no longer allowed to write there: a retry whose first try was stored just before
 * the session left its author (closed, routed, transferred; the ack was lost) gets that event
 * back, like any retry, instead of a refusal. It matches the same author only (as the
 * store's dedupe does, `dedupeKey`), so replaying someone else's client id finds nothing.
 * Scanning the log is fine here: it runs only on this rare path, never on a normal write.
 * @example const earlier = await earlierWrite(store, sessionId, agentAuthor(agent), clientId);
 */
export async function earlierWrite(
  store: SessionStore,
  sessionId: string,
  author: Pick<Author, 'role' | 'id'>,
  clientId: string,
): Promise<SessionEvent | undefined> {
  const key = dedupeKey(author, clientId);
  const log = await store.eventsSince(sessionId, 0, Number.MAX_SAFE_INTEGER);
  return log.find((e) => e.type !== 'session.changed' && dedupeKey(e.author, e.clientId) === key);
}
