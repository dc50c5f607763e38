import { LIMITS, type SessionEvent, type SessionSummary, type SessionSync } from '@parley/protocol';
import type { SessionStore } from '../store/session-store.js';
import type { Publisher } from './publisher.js';

/**
 * Tells a session's new handler (a bot after a route or a hand back, an agent after an
 * assignment) that it holds the session now, with its log so far (`session.created`).
 */
export async function announceHandOver(
  store: SessionStore,
  publish: Publisher,
  session: SessionSummary,
): Promise<void> {
  const events = await store.eventsSince(session.id, 0, LIMITS.syncEvents);
  publish.created(handOverSync(session, events));
}

/**
 * What `session.created` carries for a session that a change at `session.lastSeq` just gave to
 * its handler: for a bot, its processing cursor too, just before that change (the store's backlog
 * starts there), so the bot handles the change (its welcome) and everything after it. `events`
 * may run past that change (a template's welcome written before the announcement).
 */
export function handOverSync(session: SessionSummary, events: SessionEvent[]): SessionSync {
  return {
    session,
    events,
    ...(session.handler?.kind === 'bot' ? { handled: session.lastSeq - 1 } : {}),
  };
}
