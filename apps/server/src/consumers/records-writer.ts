import { LIMITS, type SessionEvent, type SessionSummary } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ReleasedSession, SessionStore } from '../store/session-store.js';
import { splitByVisitor } from './split-by-visitor.js';

/** Events in a backlog's round from which it is written as two concurrent statements. */
const CONCURRENT_EVENTS = 2000;

/**
 * Whether the database refused a write for what it held (SQLSTATE class 22, a data exception, or
 * 23, an integrity violation) rather than failing to run it (gone, timed out): only then can one
 * session of a round be the cause.
 */
function refusedData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/** The consumer name the live store tracks the records writer's pending sessions under. */
export const RECORDS_CONSUMER = 'records';

/**
 * How far behind the records writer is at `now`, in ms: the age of the oldest change it has not
 * written (a lease running meanwhile aside); 0 when none waits.
 * @example await recordsLagMs(store, Date.now()) // 1200
 */
export async function recordsLagMs(store: Pick<SessionStore, 'pendingSince'>, now: number): Promise<number> {
  const since = await store.pendingSince(RECORDS_CONSUMER, now);
  return since === null ? 0 : now - since;
}

/** What the writer needs of the records: one idempotent write of a session and its events. */
export interface RecordsSink {
  /** Stores the session's summary and these events; idempotent on (session, seq). */
  record(session: SessionSummary, events: SessionEvent[]): Promise<void>;
  /**
   * Stores many sessions at once, all or nothing (`RecordsStore.recordBatch`): when the sink has
   * it, a round is one write, whatever number of sessions it carries.
   */
  recordBatch?(batch: { session: SessionSummary; events: SessionEvent[] }[]): Promise<void>;
}

export interface RecordsWriterDeps {
  /**
   * The consumer of the session log this writer is (default `records`): another sink (the
   * offline messages' mail, issue 13) gets the same claims, leases and cursors under its name.
   */
  consumer?: string;
  store: SessionStore;
  records: RecordsSink;
  clock: () => number;
  logger: Logger;
  /** Sessions claimed at once (default 200). */
  batch?: number;
  /** How long a claim holds before another process may take the session over (default 15 s). */
  leaseMs?: number;
  /** How long to wait between rounds that found no backlog (default 1 s). */
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
  const consumer = deps.consumer ?? RECORDS_CONSUMER;
  const batch = deps.batch ?? 200;
  const leaseMs = deps.leaseMs ?? 15_000;
  const idleMs = deps.idleMs ?? 1000;
  let stopped = true;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let failures = 0;
  /** Whether the last round left work: the writer is then catching up with a backlog. */
  let behind = false;

  /** A claimed session as the live store has it, with its events from where the writer was. */
  const readOne = async (sessionId: string, handled: number) => {
    const session = await store.getSession(sessionId);
    // Gone (expired) before it was written: releasing it drops it from the pending set.
    if (!session) return { sessionId, session, events: [] };
    return { sessionId, session, events: await store.eventsSince(sessionId, handled, LIMITS.syncEvents) };
  };

  /**
   * Writes one claimed session; resolves with what to release (and how many events it wrote), or
   * null when it failed.
   */
  const writeOne = async (
    sessionId: string,
    handled: number,
    lease: number,
  ): Promise<(ReleasedSession & { events: number; more: boolean }) | null> => {
    try {
      const { session, events } = await readOne(sessionId, handled);
      if (session) await records.record(session, events);
      return released(sessionId, handled, lease, events);
    } catch (error) {
      logger.error(
        { err: error, sessionId, consumer },
        `${consumer} writer: cannot write a session; retried after its lease`,
      );
      return null;
    }
  };

  const released = (sessionId: string, handled: number, lease: number, events: SessionEvent[]) => ({
    sessionId,
    seq: events.at(-1)?.seq ?? handled,
    lease,
    events: events.length,
    more: events.length === LIMITS.syncEvents,
  });

  /** Writes a round's sessions one at a time: those written released, each failing one null. */
  const oneByOne = async (
    claimed: { sessionId: string; handled: number; lease: number }[],
    read: Awaited<ReturnType<typeof readOne>>[],
    recordBatch: NonNullable<RecordsSink['recordBatch']>,
  ) => {
    const written: (ReturnType<typeof released> | null)[] = [];
    for (const [i, c] of claimed.entries()) {
      const { session, events = [] } = read[i] ?? {};
      try {
        if (session) await recordBatch([{ session, events }]);
        written.push(released(c.sessionId, c.handled, c.lease, events));
      } catch (error) {
        logger.error(
          { err: error, sessionId: c.sessionId, consumer },
          `${consumer} writer: cannot write a session; retried after its lease`,
        );
        written.push(null);
      }
    }
    return written;
  };

  /**
   * Writes every claimed session in one call of the sink's `recordBatch`: all of them released, or
   * (failing) none, each retried after its lease; when the database refused the data, one session
   * at a time instead (`oneByOne`). `full`: the claim took a whole batch.
   */
  const writeAll = async (
    claimed: { sessionId: string; handled: number; lease: number }[],
    full: boolean,
  ) => {
    const recordBatch = records.recordBatch?.bind(records);
    if (!recordBatch) return Promise.all(claimed.map((c) => writeOne(c.sessionId, c.handled, c.lease)));
    try {
      const read = await Promise.all(claimed.map((c) => readOne(c.sessionId, c.handled)));
      const sessions = read.flatMap(({ session, events }) => (session ? [{ session, events }] : []));
      // A backlog's round (this one left work, or the last one did) goes in two statements at
      // once, on two connections: the database catches up on both cores. A steady stream's round
      // goes in one, so that the database never takes both cores from the chats.
      const events = sessions.reduce((sum, s) => sum + s.events.length, 0);
      const backlog = behind || full || read.some((r) => r.events.length === LIMITS.syncEvents);
      const parts = backlog && events >= CONCURRENT_EVENTS ? splitByVisitor(sessions, 2) : [sessions];
      try {
        await Promise.all(parts.map((part) => recordBatch(part)));
      } catch (error) {
        if (sessions.length < 2 || !refusedData(error)) throw error;
        // The database refused some session's data: each then goes on its own, so that only the
        // one refused waits for its lease, and the others are not held back with it.
        return await oneByOne(claimed, read, recordBatch);
      }
      return claimed.map((c, i) => released(c.sessionId, c.handled, c.lease, read[i]?.events ?? []));
    } catch (error) {
      logger.error(
        { err: error, sessions: claimed.length, consumer },
        `${consumer} writer: cannot write a round's sessions; retried after their lease`,
      );
      return claimed.map(() => null);
    }
  };

  /**
   * One round: claims, writes and releases a batch; resolves with how many sessions and events,
   * and whether it left work it could have taken (a full batch of sessions, or a session with
   * more events than one read brings).
   */
  const drainOnce = async (): Promise<{ sessions: number; events: number; truncated: boolean }> => {
    const now = clock();
    const claimed = await store.claimPending(consumer, batch, now + leaseMs, now);
    if (claimed.length === 0) {
      behind = false;
      return { sessions: 0, events: 0, truncated: false };
    }
    const written = await writeAll(claimed, claimed.length >= batch);
    const released = written.filter((w) => w !== null);
    await store.releasePending(
      consumer,
      released.map(({ sessionId, seq, lease }) => ({ sessionId, seq, lease })),
      clock(),
    );
    if (released.length < claimed.length) throw new Error('some sessions could not be written');
    behind = claimed.length >= batch || released.some((w) => w.more);
    return {
      sessions: claimed.length,
      events: released.reduce((sum, w) => sum + w.events, 0),
      truncated: behind,
    };
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
      let round = { sessions: 0, events: 0, truncated: false };
      try {
        round = await drainOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          logger.error({ err: error, failures, consumer }, `${consumer} writer: a round failed; backing off`);
        }
      }
      if (stopped) break;
      // A backlog (the round left work it could have taken): go on at once. Otherwise, or
      // failing, wait: in a steady stream each round then carries about `idleMs` of every busy
      // session's events in one statement per session, rather than the writer spinning round
      // after round for a few events each (a statement, a claim and a release every time).
      if (round.truncated && failures === 0) continue;
      await pause(failures > 0 ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : idleMs);
    }
  };

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },

    /** Writes whatever is pending now (for tests and shutdown); resolves with how many it wrote. */
    async flush(): Promise<number> {
      let total = 0;
      for (let round = await drainOnce(); round.sessions > 0; round = await drainOnce()) {
        total += round.sessions;
      }
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
