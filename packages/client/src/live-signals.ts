import type { SessionHeads } from '@parley/protocol';

export interface LiveSignalsOptions {
  /** Resumes delivery: replays what is newer than the last seq of each session, resends the outbox. */
  resume(): void;
  /** What the client has of each session (delivery's timeline). */
  timeline: { has(sessionId: string): boolean; lastSeq(sessionId: string): number };
  /** Runs `run` after `ms`, on the caller's timers. */
  later(ms: number, run: () => void): unknown;
  /** A `resync` waits a random time up to this before resuming (default 1 s). */
  spreadMs?: number;
  /** In [0, 1); `Math.random` unless a test needs it fixed. */
  random?: () => number;
}

export interface LiveSignals {
  /** The server's `resync`: resume after a random delay, so its clients do not all ask at once. */
  resync(): void;
  /** The server's `heads`: resume now if a known session is ahead of what this client has. */
  heads(payload: SessionHeads): void;
}

/**
 * What a client does with the two signals that make a lost live event a late one instead
 * (issue 11): on `resync` it resumes after 0 to `spreadMs`; on `heads` it resumes when one of
 * its sessions has a seq beyond its last. Sessions it does not know are not its concern (a
 * visitor hears only its own; a desk learns of new chats by `session.created` and each sync).
 * @example
 * const signals = createLiveSignals({ resume, timeline: delivery.timeline, later });
 * socket.on('resync', signals.resync);
 * socket.on('heads', signals.heads);
 */
export function createLiveSignals(options: LiveSignalsOptions): LiveSignals {
  const { timeline, spreadMs = 1_000, random = Math.random } = options;
  let scheduled = false;
  return {
    resync() {
      if (scheduled) return;
      scheduled = true;
      options.later(random() * spreadMs, () => {
        scheduled = false;
        options.resume();
      });
    },
    heads(payload) {
      // Not validated by a schema (the widget carries no schema library): anything odd is ignored.
      const heads: unknown = payload?.heads;
      if (typeof heads !== 'object' || heads === null) return;
      const behind = Object.entries(heads).some(
        ([sessionId, seq]) =>
          typeof seq === 'number' && timeline.has(sessionId) && seq > timeline.lastSeq(sessionId),
      );
      if (behind) options.resume();
    },
  };
}
