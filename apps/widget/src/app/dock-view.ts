import type { SessionEvent } from '@parley/protocol';
import {
  type ChatSession,
  type ChatState,
  latestSession,
  needsPrechat,
  type SubmissionKind,
} from './chat-reducer.js';

/**
 * What the bottom of the panel shows: the pre-chat form before a session, the message box (with
 * "Talk to a person" or the place in line above it), the offline form, or, once the latest
 * session closed, its feedback request (`ask`) when the site wants one (`asksFeedback`).
 */
export type DockView =
  | { kind: 'prechat' }
  | { kind: 'composer'; session: ChatSession | undefined }
  | { kind: 'offline'; sessionId: string; sent: boolean }
  | { kind: 'closed'; sessionId: string; after: 'ask' | 'thanks' | 'sent' | 'none' };

const hasEvent = (state: ChatState, sessionId: string, match: (event: SessionEvent) => boolean) =>
  (state.events[sessionId] ?? []).some(match);

const isDone = (state: ChatState, kind: SubmissionKind, sessionId: string) => {
  const submission = state.submissions[kind];
  return submission?.sessionId === sessionId && submission.state === 'done';
};

/**
 * Whether the site asks for a rating of this closed session (`SiteInfo.feedback`, issue 14): by
 * default only when a human agent took part; a chat with the bot alone is not rated.
 */
function asksFeedback(state: ChatState, sessionId: string): boolean {
  const policy = state.site?.feedback ?? 'after-human';
  if (policy !== 'after-human') return policy === 'always';
  return hasEvent(
    state,
    sessionId,
    (event) =>
      (event.type === 'message' && event.author.role === 'agent') ||
      (event.type === 'session.changed' && event.to === 'assigned'),
  );
}

/**
 * Derived from the log as well as this tab's acks, so that a reload, or another tab that sent
 * the form or the rating, shows the same.
 * @example dockView(state).kind // 'closed' once the latest session ended
 */
export function dockView(state: ChatState): DockView {
  const latest = latestSession(state);
  if (!latest || (latest.status === 'closed' && state.movedOn === latest.id)) {
    return needsPrechat(state) ? { kind: 'prechat' } : { kind: 'composer', session: undefined };
  }
  const sent =
    isDone(state, 'offline', latest.id) || hasEvent(state, latest.id, (event) => event.type === 'form');
  if (latest.status === 'offline') return { kind: 'offline', sessionId: latest.id, sent };
  if (latest.status !== 'closed') return { kind: 'composer', session: latest };
  const rated =
    isDone(state, 'feedback', latest.id) ||
    hasEvent(state, latest.id, (event) => event.type === 'feedback' && event.author.role === 'visitor');
  // Nobody chatted with a visitor who left a message: there is nothing to rate.
  const after = sent ? 'sent' : rated ? 'thanks' : asksFeedback(state, latest.id) ? 'ask' : 'none';
  return { kind: 'closed', sessionId: latest.id, after };
}
