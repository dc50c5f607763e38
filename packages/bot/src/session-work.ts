import type { SessionEvent } from '@parley/protocol';
import type { BotSession } from './bot-session.js';
import { ParleyError } from './parley-error.js';
import { isRetryable } from './request.js';

/**
 * How many more times work runs when the server answered `internal` ("something failed on the
 * server; nothing was changed. Retry later", docs/bots.md). A store call cut off by Redis dying
 * answers `internal` (fault suite, `redis-killed.test.ts`); a few runs ride that out, while a
 * server bug does not hold the session's later events back for good.
 */
export const INTERNAL_RETRIES = 5;

const isInternal = (error: unknown) => error instanceof ParleyError && error.code === 'internal';

/** One piece of a session's work: the handlers an event calls (none for most events). */
interface Work {
  seq: number;
  run: (() => Promise<unknown>) | undefined;
}

/** What the bot knows of one session it holds, or held, and the work it owes it. */
export interface Tracked {
  session: BotSession;
  /** Whether the session is with this bot, as of the newest event taken in. */
  holding: boolean;
  /** Counts the times the session came to this bot: work of an earlier stint is not run in a later. */
  stint: number;
  /** It closed while with this bot: feedback given afterwards still reaches the bot. */
  closedHere: boolean;
  /** When the newest visitor, bot or agent message was written (for `silenceMs`). */
  lastMessageAt: number | undefined;
  /** The newest seq whose work was queued: nothing at or below it is queued again. */
  queued: number;
  /** The event whose handlers run now, and how many writes they made (for their client ids). */
  current: { seq: number; writes: number } | undefined;
  work: Work[];
  running: boolean;
  forgetTimer: ReturnType<typeof setTimeout> | undefined;
}

export interface SessionWorkHooks {
  /** Decides what an event asks of the bot, updating what it knows of the session; in seq order. */
  decide(tracked: Tracked, event: SessionEvent): (() => Promise<unknown>) | undefined;
  /** The work of every event through `seq` is finished: the server hears it as handled. */
  handled(sessionId: string, seq: number): void;
  /** The session needs nothing more from this bot. */
  idle(tracked: Tracked): void;
  reportError(error: unknown): void;
  /** Whether the bot was closed: work stops. */
  stopped(): boolean;
  /** How long to wait before running work again whose request found the server away. */
  retryDelay(attempt: number): number;
}

/**
 * The work a bot owes its sessions, run one event at a time per session in seq order: every
 * event after the processing cursor is taken in once, its handlers run (again after a backoff,
 * with the same client ids, when a request found the server away, or a few times when it
 * answered `internal`), and only then is it handled.
 * @example
 * const work = createSessionWork(hooks);
 * work.takeIn(tracked, event); // from delivery, each event once, in seq order
 */
export function createSessionWork(hooks: SessionWorkHooks) {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const pump = async (tracked: Tracked): Promise<void> => {
    if (tracked.running) return;
    tracked.running = true;
    let attempt = 0;
    let internalRetries = 0;
    try {
      for (let item = tracked.work[0]; item && !hooks.stopped(); item = tracked.work[0]) {
        if (item.run) {
          tracked.current = { seq: item.seq, writes: 0 };
          try {
            await item.run();
          } catch (error) {
            hooks.reportError(error);
            const again = isRetryable(error) || (isInternal(error) && internalRetries++ < INTERNAL_RETRIES);
            if (again && !hooks.stopped()) {
              await sleep(hooks.retryDelay(attempt++));
              continue;
            }
          } finally {
            tracked.current = undefined;
          }
        }
        attempt = 0;
        internalRetries = 0;
        tracked.work.shift();
        hooks.handled(tracked.session.id, item.seq);
      }
    } finally {
      tracked.running = false;
    }
    if (!tracked.holding && tracked.work.length === 0) hooks.idle(tracked);
  };

  return {
    /** Takes in the session's next event: decides what it asks, and queues that once. */
    takeIn(tracked: Tracked, event: SessionEvent): void {
      const run = hooks.decide(tracked, event);
      if (event.seq <= tracked.queued) return;
      tracked.queued = event.seq;
      clearTimeout(tracked.forgetTimer);
      tracked.work.push({ seq: event.seq, run });
      // After the rest of this batch is taken in: a handler then sees the session as the
      // events it came with left it (a template's welcome already written, say).
      queueMicrotask(() => void pump(tracked));
    },

    /** The server says the work through `seq` is done already: it is not queued again. */
    handledUpTo(tracked: Tracked, seq: number): void {
      tracked.queued = Math.max(tracked.queued, seq);
    },

    /** The client id of the next write made by the handlers running now, derived from their event. */
    clientIdFor(tracked: Tracked | undefined): string | undefined {
      const current = tracked?.current;
      return current ? `reply:${current.seq}:${current.writes++}` : undefined;
    },
  };
}

/** A fresh record of a session this bot has just come to know. */
export function tracked(session: BotSession): Tracked {
  return {
    session,
    holding: false,
    stint: 0,
    closedHere: false,
    lastMessageAt: undefined,
    queued: 0,
    current: undefined,
    work: [],
    running: false,
    forgetTimer: undefined,
  };
}
