import {
  type AckResult,
  fail,
  LIMITS,
  type Result,
  type SessionEvent,
  type SessionSummary,
  type SessionSync,
} from '@parley/protocol';
import { newClientId } from './client-id.js';
import { backoffDelay } from './refusal-backoff.js';
import { Timeline } from './timeline.js';

/**
 * How delivery talks to the server. Each method rejects when no answer came (timeout,
 * disconnect); a resolved `{ ok: false }` is the server's final word.
 */
export interface DeliveryTransport<
  Payload extends { clientId: string },
  Sent extends { seq: number; event?: SessionEvent },
> {
  /** A page of sessions; `next`, when set, is the `after` of the next page (bots page their sync). */
  sync(
    cursors: Record<string, number>,
    after?: string,
  ): Promise<AckResult<{ sessions: SessionSync[]; next?: string }>>;
  send(payload: Payload): Promise<AckResult<Sent>>;
}

/** Refusals that say "not now": the write is sent again later, never marked failed. */
const RETRY_LATER = new Set(['unavailable', 'rate_limited']);

/** Full-jitter backoff between resends: a random wait up to 0.5 s doubling per try, at most 30 s. */
export const backoff = (attempt: number): number => backoffDelay(attempt, 500, 30_000, Math.random);

export type OutboxState = 'sending' | 'failed';

export interface OutboxEntry<Payload> {
  clientId: string;
  payload: Payload;
  state: OutboxState;
  /** Set when the server refused the message for good. */
  error?: { code: string; message: string };
}

export interface DeliveryHooks<Payload> {
  /** A session's summary from a sync; `firstSeen` when this client did not know it before. */
  onSession?(session: SessionSummary, firstSeen: boolean, sync: SessionSync): void;
  /** Each new event exactly once, per session in seq order, live or replayed. */
  onEvent?(event: SessionEvent): void;
  /** The outbox changed (a message was queued, acked, or failed). */
  onOutbox?(entries: OutboxEntry<Payload>[]): void;
  /** A resume failed; delivery tries again on the next connect or gap. */
  onError?(error: unknown): void;
}

/**
 * The one delivery layer of DESIGN.md ("Delivery") for widget, desk and bots: every write carries
 * a client id and waits in an outbox until the server acks it; on every (re)connect the client
 * replays what is newer than its last seq per session and resends the outbox; duplicates drop
 * out and a gap triggers a resync. Socket.IO's own recovery may help, but this is the guarantee.
 * @example
 * const delivery = createDelivery(transport, { onEvent: (e) => render(e) });
 * socket.on('connect', () => void delivery.resume());
 * socket.on('session.event', (e) => delivery.receive(e));
 * await delivery.send({ text: 'Hello' });
 */
export function createDelivery<
  Payload extends { clientId: string },
  Sent extends { seq: number; event?: SessionEvent },
>(transport: DeliveryTransport<Payload, Sent>, hooks: DeliveryHooks<Payload> = {}) {
  const timeline = new Timeline();
  const outbox = new Map<string, OutboxEntry<Payload>>();
  const waiting = new Map<string, (result: Result<Sent>) => void>();
  let resuming: Promise<void> | null = null;
  let resumeAgain = false;

  const outboxChanged = () => hooks.onOutbox?.([...outbox.values()]);

  const ingest = (event: SessionEvent): boolean => {
    const outcome = timeline.add(event);
    if (outcome.kind === 'added') for (const added of outcome.events) hooks.onEvent?.(added);
    return outcome.kind === 'gap';
  };

  /** A live event: a gap in seqs triggers a resync. */
  const ingestLive = (event: SessionEvent): void => {
    if (ingest(event)) void resume();
  };

  const applySync = (syncs: SessionSync[]): boolean => {
    let more = false;
    for (const sync of syncs) {
      const { session, events } = sync;
      hooks.onSession?.(session, !timeline.has(session.id), sync);
      timeline.track(session.id);
      for (const event of events) ingest(event);
      if (events.length >= LIMITS.syncEvents && timeline.lastSeq(session.id) < session.lastSeq) more = true;
    }
    return more;
  };

  const settle = (clientId: string, result: Result<Sent>) => {
    waiting.get(clientId)?.(result);
    waiting.delete(clientId);
  };

  const transmit = async (entry: OutboxEntry<Payload>, attempt = 0): Promise<void> => {
    let result: AckResult<Sent> | undefined;
    try {
      result = await transport.send(entry.payload);
    } catch {
      // No answer (timeout or disconnect): sent again below and on the next resume, with the
      // same client id, which the server dedupes. A connection that stays up but lost the
      // answer must not leave the write waiting for a resume that never comes.
    }
    if (!outbox.has(entry.clientId)) return;
    if (!result || (!result.ok && RETRY_LATER.has(result.error.code))) {
      setTimeout(() => {
        if (outbox.get(entry.clientId) === entry) void transmit(entry, attempt + 1);
      }, backoff(attempt));
      return;
    }
    if (result.ok) {
      // The write's own event comes in its ack, never as `session.event` (issue 16): shown before
      // the entry leaves the outbox, so the message never flickers away.
      if (result.event) ingestLive(result.event);
      outbox.delete(entry.clientId);
      const { ok: _, ...value } = result;
      settle(entry.clientId, { ok: true, value: value as unknown as Sent });
    } else {
      entry.state = 'failed';
      entry.error = result.error;
      settle(entry.clientId, result);
    }
    outboxChanged();
  };

  const runResume = async (): Promise<void> => {
    let after: string | undefined;
    for (let round = 0; round < 100; round++) {
      const result = await transport.sync(timeline.cursors(), after);
      if (!result.ok) throw new Error(`sync refused: ${result.error.code}: ${result.error.message}`);
      const more = applySync(result.sessions);
      after = result.next;
      if (!after && !more) break;
    }
    await Promise.all([...outbox.values()].filter((e) => e.state === 'sending').map(transmit));
  };

  const resume = (): Promise<void> => {
    if (resuming) {
      resumeAgain = true;
      return resuming;
    }
    resuming = (async () => {
      try {
        do {
          resumeAgain = false;
          await runResume();
        } while (resumeAgain);
      } catch (error) {
        hooks.onError?.(error);
      } finally {
        resuming = null;
      }
    })();
    return resuming;
  };

  /**
   * Queues a write with a fresh client id (or the given one, to retry) and sends it now; if the
   * connection drops first it is resent on resume. Resolves once the server acked or refused it.
   */
  const send = (payload: Omit<Payload, 'clientId'>, clientId = newClientId()): Promise<Result<Sent>> => {
    const entry: OutboxEntry<Payload> = {
      clientId,
      payload: { ...payload, clientId } as Payload,
      state: 'sending',
    };
    outbox.set(clientId, entry);
    outboxChanged();
    const settled = new Promise<Result<Sent>>((resolve) => waiting.set(clientId, resolve));
    void transmit(entry);
    return settled;
  };

  return {
    timeline,

    /** Call on every connect and reconnect: replays what was missed, then resends the outbox. */
    resume,

    /** Feed a live `session.event`, or a write's own event from its ack; a gap in seqs triggers a resync. */
    receive: ingestLive,

    /** Feed sessions pushed by the server (a bot's `session.created`). */
    receiveSync(sync: SessionSync): void {
      if (applySync([sync])) void resume();
    },

    send,

    /** Sends a failed entry again with its original client id. */
    retry(clientId: string): Promise<Result<Sent>> {
      const entry = outbox.get(clientId);
      if (!entry) return Promise.resolve(fail('not_found', `Nothing queued as ${clientId}`));
      const { clientId: _, ...payload } = entry.payload;
      return send(payload, clientId);
    },

    /** Removes a failed entry the user gave up on. */
    discard(clientId: string): void {
      if (outbox.delete(clientId)) outboxChanged();
      settle(clientId, fail('not_found', 'Discarded'));
    },

    /** Stops tracking a session (its events and cursor): a bot lets go of the sessions it is done with. */
    forget(sessionId: string): void {
      timeline.forget(sessionId);
    },

    pending(): OutboxEntry<Payload>[] {
      return [...outbox.values()];
    },
  };
}

export type Delivery<
  Payload extends { clientId: string },
  Sent extends { seq: number; event?: SessionEvent },
> = ReturnType<typeof createDelivery<Payload, Sent>>;
