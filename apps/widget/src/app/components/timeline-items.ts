import type { MessageEvent, StatusEvent } from '@parley/protocol';
import { type ChatState, isShownStatus, type PendingMessage } from '../chat-reducer.js';

export type TimelineItem =
  | { kind: 'divider'; key: string }
  | { kind: 'message'; key: string; event: MessageEvent }
  | { kind: 'status'; key: string; event: StatusEvent }
  | { kind: 'pending'; key: string; pending: PendingMessage };

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
      else if (event.type === 'session.changed' && isShownStatus(event))
        shown.push({ kind: 'status', key, event });
      // Feedback and the offline form are not lines of the conversation: the dock below shows them.
    }
    if (shown.length === 0) continue;
    if (items.length > 0) items.push({ kind: 'divider', key: `divider:${sessionId}` });
    items.push(...shown);
  }
  for (const pending of state.outbox)
    items.push({ kind: 'pending', key: `pending:${pending.clientId}`, pending });
  return items;
}
