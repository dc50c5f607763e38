import type { SessionEvent } from '@parley/protocol';
import type { OutboxEntry, OutboxState } from './delivery.js';

/**
 * A session's events with `event` at its seq position: the same array when it is a duplicate,
 * so a reducer can tell "nothing new" by identity. Immutable, for the widget's and the desk's
 * reducers (the `Timeline` class is the mutable twin the delivery layer keeps).
 * @example insertBySeq([{ seq: 1 }, { seq: 3 }], { seq: 2 }) // seqs 1, 2, 3
 */
export function insertBySeq(events: SessionEvent[], event: SessionEvent): SessionEvent[] {
  const last = events[events.length - 1];
  if (!last || last.seq < event.seq) return [...events, event];
  if (events.some((e) => e.seq === event.seq)) return events;
  return [...events.filter((e) => e.seq < event.seq), event, ...events.filter((e) => e.seq > event.seq)];
}

/** A message the client shows before the server's event for it arrives. */
export interface Pending {
  clientId: string;
  /**
   * `sent`: acked, its event (from the ack, issue 16) not shown yet because it waits behind a gap
   * until a resync fills it; kept so it never flickers away.
   */
  state: OutboxState | 'sent';
}

/**
 * The pending messages to show, given delivery's outbox: each entry as the client shows it, and
 * those delivery dropped after their ack kept (as `sent`) until their event is shown; none whose
 * event is shown already.
 * @example
 * mirrorOutbox(state.outbox, entries, { show: fromEntry, sent: (p) => ({ ...p, state: 'sent' }), shown: (id) => hasMessage(state, id) })
 */
export function mirrorOutbox<P, T extends Pending>(
  pending: T[],
  entries: OutboxEntry<P>[],
  how: { show(entry: OutboxEntry<P>): T; sent(pending: T): T; shown(clientId: string): boolean },
): T[] {
  const byId = new Map(entries.map((entry) => [entry.clientId, entry]));
  const kept = pending.map((item) => {
    const entry = byId.get(item.clientId);
    return entry ? how.show(entry) : how.sent(item);
  });
  const added = entries
    .filter((entry) => !pending.some((item) => item.clientId === entry.clientId))
    .map(how.show);
  return [...kept, ...added].filter((item) => !how.shown(item.clientId));
}

/** Whether a message with this client id is among the events shown. */
export function hasMessage(events: Record<string, SessionEvent[]>, clientId: string): boolean {
  return Object.values(events).some((list) =>
    list.some((e) => e.type === 'message' && e.clientId === clientId),
  );
}
