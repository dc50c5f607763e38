import type { MessageEvent, SessionStatus, StatusEvent } from '@parley/protocol';
import type { ChatState, PendingMessage } from '../chat-reducer.js';

export type TimelineItem =
  | { kind: 'divider'; key: string }
  | { kind: 'message'; key: string; event: MessageEvent }
  | { kind: 'status'; key: string; event: StatusEvent }
  | { kind: 'pending'; key: string; pending: PendingMessage };

/** Status changes worth a line in the conversation; the rest (created -> bot…) are plumbing. */
const SHOWN_STATUSES: ReadonlySet<SessionStatus> = new Set(['queued', 'assigned', 'offline', 'closed']);

/**
 * What the message list shows, top to bottom: every session oldest first, each session's events
 * in seq order, a divider between sessions, then the visitor's messages still on their way.
 * @example timelineItems(state).map((item) => item.kind) // ['message', 'status', 'divider', …]
 */
export function timelineItems(state: ChatState): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const sessionId of state.order) {
    const shown: TimelineItem[] = [];
    for (const event of state.events[sessionId] ?? []) {
      const key = `${sessionId}:${event.seq}`;
      if (event.type === 'message') shown.push({ kind: 'message', key, event });
      else if (event.type === 'session.changed' && SHOWN_STATUSES.has(event.to))
        shown.push({ kind: 'status', key, event });
      // Feedback is not shown in the timeline (the feedback form is the widget issue's).
    }
    if (shown.length === 0) continue;
    if (items.length > 0) items.push({ kind: 'divider', key: `divider:${sessionId}` });
    items.push(...shown);
  }
  for (const pending of state.outbox)
    items.push({ kind: 'pending', key: `pending:${pending.clientId}`, pending });
  return items;
}
