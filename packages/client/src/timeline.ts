import type { SessionEvent } from '@parley/protocol';

/** What `Timeline.add` did with an event. */
export type AddOutcome =
  /** Appended (with any buffered events it unblocked, all returned in seq order). */
  | { kind: 'added'; events: SessionEvent[] }
  /** Already had it: dropped. */
  | { kind: 'duplicate' }
  /** Ahead of what we have: buffered until the missing seqs arrive; the caller should resync. */
  | { kind: 'gap'; expected: number };

/**
 * The events of every known session, each list contiguous and in seq order. Delivery calls
 * `add` for live and replayed events alike; duplicates drop out here, and an event that arrives
 * ahead of a hole waits until the hole is filled, so nothing is ever shown out of order.
 */
export class Timeline {
  // TypeScript's `private`, not `#`: the widget's browsers need `#` fields lowered to WeakMap
  // helpers, which cost its size budget more than they protect here.
  private readonly logs = new Map<string, SessionEvent[]>();
  private readonly ahead = new Map<string, Map<number, SessionEvent>>();

  /** The last contiguous seq of a session (0 when unknown). */
  lastSeq(sessionId: string): number {
    return this.logs.get(sessionId)?.length ?? 0;
  }

  /** `{ sessionId: lastSeq }` for every known session: what a resume sends. */
  cursors(): Record<string, number> {
    return Object.fromEntries([...this.logs].map(([id, log]) => [id, log.length]));
  }

  has(sessionId: string): boolean {
    return this.logs.has(sessionId);
  }

  /** Starts tracking a session (so it is part of `cursors()`) before any of its events arrive. */
  track(sessionId: string): void {
    if (!this.logs.has(sessionId)) this.logs.set(sessionId, []);
  }

  /** Stops tracking a session: its events go, and it leaves `cursors()`. */
  forget(sessionId: string): void {
    this.logs.delete(sessionId);
    this.ahead.delete(sessionId);
  }

  events(sessionId: string): readonly SessionEvent[] {
    return this.logs.get(sessionId) ?? [];
  }

  add(event: SessionEvent): AddOutcome {
    this.track(event.sessionId);
    const log = this.logs.get(event.sessionId) ?? [];
    if (event.seq <= log.length) return { kind: 'duplicate' };
    if (event.seq > log.length + 1) {
      const ahead = this.ahead.get(event.sessionId) ?? new Map<number, SessionEvent>();
      if (ahead.has(event.seq)) return { kind: 'duplicate' };
      ahead.set(event.seq, event);
      this.ahead.set(event.sessionId, ahead);
      return { kind: 'gap', expected: log.length + 1 };
    }
    const added = [event];
    log.push(event);
    const ahead = this.ahead.get(event.sessionId);
    for (let next = ahead?.get(log.length + 1); next; next = ahead?.get(log.length + 1)) {
      ahead?.delete(next.seq);
      log.push(next);
      added.push(next);
    }
    return { kind: 'added', events: added };
  }
}
