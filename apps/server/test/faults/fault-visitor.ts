/**
 * A visitor as the widget behaves, for the fault suite: the client package's delivery layer
 * (`createDelivery`, the widget's own) over a real `socket.io-client` socket. Every message has
 * a client id and waits in the outbox until acked; each (re)connect resyncs from the last seq
 * and resends what was not acked, with the same client id; a write answered "not now"
 * (`unavailable`, `rate_limited`) is sent again after a backoff, with the same client id. Like
 * the widget, it resumes on the server's `resync` and `heads` (`createLiveSignals`), and comes
 * back after a refused handshake that passes (`rate_limited`, `unavailable`) with the widget's
 * backoff (`createRefusalBackoff`). With several server URLs (a load balancer's view of its
 * backends), a visitor whose server went away connects to the next one.
 */
import {
  type AckCallback,
  askWhileConnected,
  createDelivery,
  createLiveSignals,
  createRefusalBackoff,
  type Delivery,
} from '@parley/client';
import type { AckResult, SessionSummary, SessionSync, VisitorSendInput } from '@parley/protocol';
import { io } from 'socket.io-client';
import type { VisitorClient } from '../visitor.js';

/** What `message.send` acks. */
interface Sent {
  sessionId: string;
  seq: number;
}

/** One message the visitor wrote, and what became of it. */
export interface SentMessage {
  clientId: string;
  text: string;
  /** The server's ack, once it came: the message is stored at this seq. */
  ack?: Sent;
  /**
   * Every refusal the server answered it with (error codes), in order: the "not now" ones the
   * delivery layer retried by itself (`unavailable`), and a final one.
   */
  refusals: string[];
}

export interface FaultVisitorOptions {
  /** Names the visitor in texts, client ids and failure messages (e.g. `v3`). */
  name: string;
  /** Server URLs, the first preferred; on losing its server the visitor tries the next. */
  urls: string[];
  /** The page's origin (the handshake's Origin header), allowed by the site. */
  origin: string;
  siteKey?: string;
}

export interface FaultVisitor {
  readonly name: string;
  readonly visitorId: string;
  /** The session the visitor opened (the widget's panel). */
  readonly sessionId: string;
  /** Every message written, in order. */
  readonly sent: readonly SentMessage[];
  readonly connected: boolean;
  /** Connections after the first (reconnects and failovers). */
  readonly reconnects: number;
  /** Refused handshakes, by error code. */
  readonly handshakeRefusals: readonly string[];
  /** The server's `resync` signals heard (its adapter's subscriber came back). */
  readonly resyncs: number;
  /** The server's `heads` signals heard (the latest seq of sessions written lately). */
  readonly heads: number;
  /** Of those, the ones that set off a resume (a session ahead of what the visitor had). */
  readonly headsResumes: number;
  /** Events the visitor got from a resume (replayed) rather than live. */
  readonly replayed: number;
  /** What the visitor has seen: the delivery layer's timeline. */
  readonly delivery: Delivery<VisitorSendInput, Sent>;
  /** Writes a message without waiting for it (the outbox takes care of it). */
  say(text: string): void;
  close(): void;
}

/**
 * How long one acked event may take before it counts as unanswered: the widget's 10 s, twice the
 * server's store timeout, so that a write meeting a stalled store gets its `unavailable`.
 */
const ACK_TIMEOUT_MS = 10_000;
/** Socket.IO's reconnect delays, shorter than its defaults so the suite converges sooner. */
const RECONNECT = { reconnectionDelay: 200, reconnectionDelayMax: 2000 };
/** Refusals a person would answer by pressing "retry": the server failed, nothing was stored. */
const RETRIED_BY_HAND = new Set(['internal']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects a visitor and opens its session, resolving once the session is open.
 * @example const v = await startFaultVisitor({ name: 'v1', urls: [url], origin }); v.say('hello');
 */
export async function startFaultVisitor(options: FaultVisitorOptions): Promise<FaultVisitor> {
  const { name, urls, origin, siteKey = 'demo' } = options;
  let socket: VisitorClient | undefined;
  let urlIndex = 0;
  let token: string | undefined;
  let visitorId = '';
  let sessionId = '';
  let connects = 0;
  let closed = false;
  const sent: SentMessage[] = [];
  const byClientId = new Map<string, SentMessage>();
  const handshakeRefusals: string[] = [];
  let resyncs = 0;
  let heads = 0;
  let headsResumes = 0;
  let signalledResumes = 0;
  let replayed = 0;

  /** Runs `run` after `ms`, unless the visitor closed meanwhile (the widget's `later`). */
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timers.add(timer);
    return timer;
  };

  /** An acked emit on the socket of the moment, rejecting when it is not connected. */
  const ask = <T>(event: 'sync' | 'message.send' | 'session.open', payload: unknown): Promise<T> => {
    const current = socket;
    if (!current) return Promise.reject(new Error('Not connected'));
    return askWhileConnected(current, (done: AckCallback<T>) =>
      // Socket.IO's typed emit takes one event name at a time; the three share this shape.
      (current.timeout(ACK_TIMEOUT_MS) as unknown as { emit: (...args: unknown[]) => void }).emit(
        event,
        payload,
        done,
      ),
    );
  };

  const delivery = createDelivery<VisitorSendInput, Sent>(
    {
      async sync(cursors) {
        const result = await ask<AckResult<{ sessions: SessionSync[] }>>('sync', { cursors });
        if (result.ok) {
          for (const { session, events } of result.sessions) {
            const had = delivery.timeline.lastSeq(session.id);
            replayed += events.filter((event) => event.seq > had).length;
          }
        }
        return result;
      },
      async send(payload) {
        const result = await ask<AckResult<Sent>>('message.send', payload);
        if (!result.ok) byClientId.get(payload.clientId)?.refusals.push(result.error.code);
        return result;
      },
    },
    {
      // As the widget: a failed resume is tried again while connected.
      onError: () => later(500, () => socket?.connected && void delivery.resume()),
    },
  );

  /** The server's `resync` and `heads`, handled by the widget's own code. */
  const signals = createLiveSignals({
    resume: () => {
      signalledResumes += 1;
      if (socket?.connected) void delivery.resume();
    },
    timeline: delivery.timeline,
    later,
  });

  /** A refused handshake that passes (`rate_limited`, `unavailable`): back later, with backoff. */
  const refusals = createRefusalBackoff({
    reconnect: () => {
      const current = socket;
      if (!current || current.connected) return;
      // One server: the same socket connects again, as the widget's does. Several: the next one.
      if (urls.length === 1) current.connect();
      else moveOn(current, 0);
    },
    later,
  });

  let identified: () => void = () => {};
  const firstIdentity = new Promise<void>((resolve) => {
    identified = resolve;
  });

  const connect = () => {
    const url = urls[urlIndex % urls.length] as string;
    const current: VisitorClient = io(`${url}/visitor`, {
      transports: ['websocket'],
      extraHeaders: { origin },
      // A callback, so every reconnect sends the token as it is now (as the widget does).
      auth: (send) => send({ siteKey, ...(token ? { token } : {}) }),
      forceNew: true,
      // One server: Socket.IO reconnects by itself. Several: the driver moves on to the next.
      reconnection: urls.length === 1,
      ...RECONNECT,
    });
    socket = current;
    current.on('identity', (identity) => {
      visitorId = identity.visitorId;
      token = identity.token ?? token;
      identified();
    });
    current.on('connect', () => {
      connects += 1;
      refusals.connected();
      void delivery.resume();
    });
    current.on('session.event', (event) => delivery.receive(event));
    current.on('resync', () => {
      resyncs += 1;
      signals.resync();
    });
    current.on('heads', (payload) => {
      heads += 1;
      const before = signalledResumes;
      signals.heads(payload);
      headsResumes += signalledResumes - before;
    });
    current.on('disconnect', (reason) => {
      if (closed || reason === 'io client disconnect') return;
      if (urls.length > 1 || !current.active) moveOn(current);
    });
    current.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (error.data?.code) handshakeRefusals.push(error.data.code);
      if (closed || socket !== current) return;
      // A refusal by the server ends Socket.IO's own retries; one that passes ("not now",
      // DESIGN.md) is tried again after the widget's backoff, for as long as it takes.
      if (!current.active && refusals.refused(error.data)) return;
      // No answer at all: with one server Socket.IO keeps trying; with several, the next one.
      if (urls.length > 1) moveOn(current);
    });
  };

  /** Drops a socket whose server is gone (or refused) and connects to the next URL shortly. */
  const moveOn = (current: VisitorClient, delayMs = RECONNECT.reconnectionDelay) => {
    if (socket !== current) return;
    current.removeAllListeners();
    current.close();
    urlIndex += 1;
    later(delayMs, () => {
      if (socket === current) connect();
    });
  };

  connect();
  await firstIdentity;
  for (let attempt = 0; !sessionId; attempt++) {
    if (closed) throw new Error(`${name} closed before its session opened`);
    try {
      const opened = await ask<AckResult<{ session: SessionSummary }>>('session.open', {});
      if (!opened.ok) throw new Error(`${name}: session.open refused: ${opened.error.code}`);
      sessionId = opened.session.id;
      delivery.receiveSync({ session: opened.session, events: [] });
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
  await delivery.resume();

  const deliver = async (message: SentMessage) => {
    // "Not now" answers are retried inside the delivery layer; what comes back here is final.
    let result = await delivery.send({ sessionId, text: message.text }, message.clientId);
    while (!result.ok && !closed) {
      if (!RETRIED_BY_HAND.has(result.error.code)) return;
      await sleep(500);
      result = await delivery.retry(message.clientId);
    }
    if (result.ok) message.ack = result.value;
  };

  return {
    name,
    get visitorId() {
      return visitorId;
    },
    sessionId,
    sent,
    get connected() {
      return socket?.connected ?? false;
    },
    get reconnects() {
      return Math.max(0, connects - 1);
    },
    handshakeRefusals,
    get resyncs() {
      return resyncs;
    },
    get heads() {
      return heads;
    },
    get headsResumes() {
      return headsResumes;
    },
    get replayed() {
      return replayed;
    },
    delivery,
    say(text) {
      const message: SentMessage = { clientId: `visitor-${name}-${sent.length + 1}`, text, refusals: [] };
      sent.push(message);
      byClientId.set(message.clientId, message);
      void deliver(message);
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      socket?.removeAllListeners();
      socket?.close();
    },
  };
}
