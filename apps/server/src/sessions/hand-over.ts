import { LIMITS, type SessionSummary } from '@parley/protocol';
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
  publish.created({ session, events: await store.eventsSince(session.id, 0, LIMITS.syncEvents) });
}
