import { LIMITS, type SessionEvent, type SessionSummary } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ReleasedSession, SessionStore } from '../store/session-store.js';

/** The consumer name the live store tracks the records writer's pending sessions under. */
export const RECORDS_CONSUMER = 'records';

/** What the writer needs of the records: one idempotent write of a session and its events. */
export interface RecordsSink {
  /** Stores the session's summary and these events; idempotent on (session, seq). */
  record(session: SessionSummary, events: SessionEvent[]): Promise<void>;
}

export interface RecordsWriterDeps {
  store: SessionStore;
  records: RecordsSink;
  clock: () => number;
  logger: Logger;
  /** Sessions claimed at once (default 50). */
  batch?: number;
  /** How long a claim holds before another process may take the session over (default 15 s). */
  leaseMs?: number;
  /** How long to wait for work when none is pending (default 250 ms); `poke` cuts it short. */
  idleMs?: number;
}

/**
 * The records writer (issue 12), a consumer of the session log (DESIGN.md, "Consumers of the
 * session log"): it copies every changed session's summary and new events into the records,
 * behind the live path, so a message's round trip never waits on PostgreSQL. It claims pending
 * sessions with a lease, writes them (idempotent on (session, seq)), and only then releases them
 * with how far it got: a process killed at any moment leaves its sessions pending, and another
 * process (or the same one restarted) writes them once the lease ends. Every process runs one;
 * leases keep them off each other's sessions.
 * @example
 * const writer = createRecordsWriter({ store, records, clock: Date.now, logger });
 * writer.start();
 * await writer.stop();
 */
export function createRecordsWriter(deps: RecordsWriterDeps) {
  const { store, records, clock, logger } = deps;
  const batch = deps.batch ?? 50;
  const leaseMs = deps.leaseMs ?? 15_000;
  const idleMs = deps.idleMs ?? 250;
  let stopped = true;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let failures = 0;

  /** Writes one claimed session; resolves with what to release, or null when it failed. */
  const writeOne = async (
    sessionId: string,
    handled: number,
    lease: number,
  ): Promise<ReleasedSession | null> => {
    try {
      const session = await store.getSession(sessionId);
      // Gone (expired) before it was written: releasing it drops it from the pending set.
      if (!session) return { sessionId, seq: handled, lease };
      const events = await store.eventsSince(sessionId, handled, LIMITS.syncEvents);
      await records.record(session, events);
      return { sessionId, seq: events.at(-1)?.seq ?? handled, lease };
    } catch (error) {
      logger.error(
        { err: error, sessionId },
        'records writer: cannot write a session; retried after its lease',
      );
      return null;
    }
  };

  /** One round: claims, writes and releases a batch; resolves with how many were claimed. */
  const drainOnce = async (): Promise<number> => {
    const now = clock();
    const claimed = await store.claimPending(RECORDS_CONSUMER, batch, now + leaseMs, now);
    if (claimed.length === 0) return 0;
    const written = await Promise.all(claimed.map((c) => writeOne(c.sessionId, c.handled, c.lease)));
    const released = written.filter((w): w is ReleasedSession => w !== null);
    await store.releasePending(RECORDS_CONSUMER, released, clock());
    if (released.length < claimed.length) throw new Error('some sessions could not be written');
    return claimed.length;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await drainOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          logger.error({ err: error, failures }, 'records writer: a round failed; backing off');
        }
      }
      if (stopped) break;
      // Work left: go on at once. None, or failing: wait (a poke cuts an idle wait short).
      if (claimed >= batch && failures === 0) continue;
      await pause(failures > 0 ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : idleMs);
    }
  };

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },

    /** Something was written: look for work now rather than after the idle wait. */
    poke(): void {
      if (failures === 0) wake?.();
    },

    /** Writes whatever is pending now (for tests and shutdown); resolves with how many it wrote. */
    async flush(): Promise<number> {
      let total = 0;
      for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
      return total;
    },

    /** Stops after the round in progress. */
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

export type RecordsWriter = ReturnType<typeof createRecordsWriter>;
