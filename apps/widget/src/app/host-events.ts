import type { SessionEvent } from '@parley/protocol';
import type { WidgetEventName } from '../shared/host-message.js';
import { type ChatState, unreadCount } from './chat-reducer.js';

/** One event for the page's `Parley('on', name, callback)` listeners. */
export interface WidgetEvent {
  name: WidgetEventName;
  data: Record<string, unknown>;
}

/** The events of `next` that `prev` did not have, in seq order. */
function newEvents(prev: ChatState, next: ChatState): SessionEvent[] {
  const added: SessionEvent[] = [];
  for (const [sessionId, events] of Object.entries(next.events)) {
    const before = prev.events[sessionId];
    if (events === before) continue;
    const known = new Set(before?.map((event) => event.seq));
    for (const event of events) if (!known.has(event.seq)) added.push(event);
  }
  return added;
}

/** What the page hears of one new log entry, if anything. */
function fromEvent(event: SessionEvent): WidgetEvent | null {
  const { sessionId, seq } = event;
  if (event.type === 'message') {
    const { role, name } = event.author;
    return {
      name: 'message',
      data: { sessionId, seq, text: event.text, author: { role, ...(name ? { name } : {}) } },
    };
  }
  if (event.type === 'session.changed') {
    return {
      name: 'session.changed',
      data: { sessionId, from: event.from, to: event.to, reason: event.reason },
    };
  }
  if (event.type === 'feedback' && event.author.role === 'visitor') {
    return { name: 'feedback', data: { sessionId, ...event.feedback } };
  }
  return null;
}

/**
 * What the page's listeners hear when the state moves from `prev` to `next`: `ready` once the
 * conversation is loaded, `open`/`close`, `unread` when the count changes, and each new message,
 * status change and rating. History loaded at start (and on reconnect) is not news; only what
 * arrives after the first sync is.
 * @example widgetEvents(before, after) // [{ name: 'message', data: { text: 'Hi', ... } }]
 */
export function widgetEvents(prev: ChatState, next: ChatState): WidgetEvent[] {
  if (!next.synced) return [];
  const events: WidgetEvent[] = [];
  if (!prev.synced) events.push({ name: 'ready', data: { open: next.open } });
  if (prev.open !== next.open) events.push({ name: next.open ? 'open' : 'close', data: {} });
  if (prev.synced) {
    for (const event of newEvents(prev, next)) {
      const heard = fromEvent(event);
      if (heard) events.push(heard);
    }
  }
  const unread = unreadCount(next);
  if (!prev.synced || unread !== unreadCount(prev)) events.push({ name: 'unread', data: { count: unread } });
  return events;
}
