import {
  backoff,
  createDelivery,
  createLiveSignals,
  createRefusalBackoff,
  newClientId,
} from '@parley/client';
import {
  type AckResult,
  type BotAppConfig,
  type BotClientEvents,
  type BotSendInput,
  type BotServerEvents,
  type FeedbackEvent,
  type FormAnswer,
  type Handler,
  isWireError,
  type MessageEvent,
  type SessionEvent,
  type SessionSync,
  type StatusEvent,
  type Written,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { createBotFiles } from './bot-files.js';
import { BotSession, type NewSessionOptions, type SessionActions, toBotMessage } from './bot-session.js';
import { compose, type Middleware } from './middleware.js';
import { ParleyError } from './parley-error.js';
import { createRequester, type RequestSocket } from './request.js';
import { createSessionWork, type Tracked, tracked } from './session-work.js';

export interface BotOptions {
  /** The Parley server, e.g. `http://localhost:3000`. */
  url: string;
  /** This bot's token from the server's configuration. */
  token: string;
  /** How long to wait for one answer from the server (default 10 s). */
  ackTimeoutMs?: number;
  /**
   * The bound on one request, retries included (default 30 s): every `say`, `route` and the
   * like resolves or rejects (`timeout`) within it.
   */
  requestTimeoutMs?: number;
  /** How long a session that left the bot is still remembered, for late feedback (default 60 s). */
  lingerMs?: number;
}

export interface BotHandlers {
  /** A visitor's session entered this bot's hands: the moment to welcome the visitor. */
  'session.created': (session: BotSession) => unknown;
  /** The visitor said something (after every `use` middleware called `next`). */
  message: (session: BotSession, message: MessageEvent) => unknown;
  /**
   * The visitor answered an inline form (`askForm`): the checked answers by field name, also in
   * `session.data` as `formId.field`. A form's answer is not a `message`.
   */
  formAnswer: (session: BotSession, answer: FormAnswer, message: MessageEvent) => unknown;
  /** The session moved along the status machine. */
  'session.changed': (session: BotSession, change: StatusEvent) => unknown;
  /** The session ended: by the visitor, the bot, an agent, or the idle timeout. */
  'session.closed': (session: BotSession, change: { reason: string }) => unknown;
  /** Someone else (usually the visitor) gave feedback on the session. */
  feedback: (session: BotSession, feedback: FeedbackEvent) => unknown;
  /** A handler threw, or the connection failed; the bot carries on. */
  error: (error: unknown) => unknown;
}

type Listeners = { [K in keyof BotHandlers]: BotHandlers[K][] };

type BotSocket = Socket<BotServerEvents, BotClientEvents>;

/** The events the server acknowledges (all but typing). */
type AckedEvent = Exclude<keyof BotClientEvents, 'typing'>;

/** What the server's ack of an event carries. */
type Acked<E extends AckedEvent> = Parameters<Parameters<BotClientEvents[E]>[1]>[0];

/** Sessions one `sync` may name (the protocol's limit, `BotSyncSchema`). */
const MAX_CURSORS = 5000;

/** How long handled seqs gather before they go to the server in one `session.handled`. */
const HANDLED_FLUSH_MS = 20;

/**
 * Connects a bot to Parley. Nothing a visitor says is lost to it: the server keeps the bot's
 * processing cursor per session, and the bot hands an event to its handlers once, in order per
 * session, and tells the server it handled it only after they finished. A bot that drops, crashes
 * or restarts is given exactly what it had not finished, and its replies carry client ids derived
 * from the event they answer, so one handled twice is stored once.
 * @example
 * const bot = createBot({ url: 'http://localhost:3000', token: process.env.PARLEY_BOT_TOKEN });
 * bot.on('session.created', (session) => session.say('Hi! How can I help?', { quickReplies: ['Pricing'] }));
 * bot.on('message', (session, message) => session.say(`You said: ${message.text}`));
 * await bot.ready;
 */
export function createBot(options: BotOptions) {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const lingerMs = options.lingerMs ?? 60_000;
  const listeners: Listeners = {
    'session.created': [],
    message: [],
    formAnswer: [],
    'session.changed': [],
    'session.closed': [],
    feedback: [],
    error: [],
  };
  const middlewares: Middleware[] = [];
  const sessions = new Map<string, Tracked>();
  let botId: string | undefined;
  let stopped = false;

  const files = createBotFiles(options.url.replace(/\/$/, ''), options.token);
  const socket: BotSocket = io(`${options.url.replace(/\/$/, '')}/bot`, {
    auth: { token: options.token },
    transports: ['websocket'],
    // A connection of its own: without it, the Socket.IO client caches the connection by url for
    // the life of the process, and with it this bot and every session it held, long after close.
    forceNew: true,
  });
  // Socket.IO's typed emit cannot take a union of event names; `ask`'s own signature keeps each
  // call site typed instead.
  const closing = new AbortController();
  const request = createRequester(socket as unknown as RequestSocket, {
    ackTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    signal: closing.signal,
  });

  const reportError = (error: unknown) => {
    for (const listener of listeners.error) listener(error);
  };

  /** Sends one request and unwraps its ack: the value, or a `ParleyError`. */
  const ask = async <E extends AckedEvent>(
    event: E,
    payload: Parameters<BotClientEvents[E]>[0],
    idempotent = false,
  ): Promise<Extract<Acked<E>, { ok: true }>> => {
    const result = await request(event, payload, idempotent);
    if (!result.ok) throw new ParleyError(result.error.code, result.error.message);
    return result as Extract<Acked<E>, { ok: true }>;
  };

  // ---- the processing cursor: handled seqs go to the server in batches --------------------------

  const handled = new Map<string, number>();
  let flushing: ReturnType<typeof setTimeout> | undefined;
  const flushHandled = () => {
    flushing = undefined;
    if (handled.size === 0 || !socket.connected) return;
    const batch = Object.fromEntries([...handled].slice(0, 1000));
    for (const id of Object.keys(batch)) handled.delete(id);
    ask('session.handled', { handled: batch }, true).then(
      () => {
        if (handled.size > 0) flushing ??= setTimeout(flushHandled, 0);
      },
      (error: unknown) => {
        // Sent again with the next batch or on reconnect: the server's cursor only moves forward.
        for (const [id, seq] of Object.entries(batch)) handled.set(id, Math.max(seq, handled.get(id) ?? 0));
        // Closed meanwhile: the next connection is told (its sync carries the server's cursor).
        if (!stopped) reportError(error);
      },
    );
  };
  const noteHandled = (sessionId: string, seq: number) => {
    handled.set(sessionId, Math.max(seq, handled.get(sessionId) ?? 0));
    flushing ??= setTimeout(flushHandled, HANDLED_FLUSH_MS);
  };

  // ---- what each event asks of the bot ------------------------------------------------------------

  const isMe = (handler: Handler | null | undefined) => handler?.kind === 'bot' && handler.id === botId;
  const each =
    <K extends keyof BotHandlers>(event: K, call: (listener: BotHandlers[K]) => unknown) =>
    async () => {
      for (const listener of listeners[event]) await call(listener);
    };

  /** Runs `run` only while the session is still with the bot, in the stint it was asked in. */
  const whileHeld = (entry: Tracked, run: () => Promise<unknown>) => {
    const stint = entry.stint;
    return () => (entry.holding && entry.stint === stint ? run() : Promise.resolve());
  };

  const decide = (entry: Tracked, event: SessionEvent): (() => Promise<unknown>) | undefined => {
    const { session } = entry;
    if (event.type === 'session.changed') {
      session.update({
        status: event.to,
        lastSeq: event.seq,
        ...(event.handler !== undefined ? { handler: event.handler } : {}),
      });
      // Sessions logged before status events named their handler: the opening change gave it to
      // the entry bot.
      const enters =
        event.to === 'bot' && (isMe(event.handler) || (!event.handler && event.from === 'created'));
      if (enters) {
        entry.holding = true;
        entry.stint += 1;
        entry.closedHere = false;
        return whileHeld(
          entry,
          each('session.created', (listener) => listener(session)),
        );
      }
      if (!entry.holding) return undefined;
      if (event.to !== 'bot' || event.handler !== undefined) {
        entry.holding = false;
        entry.closedHere = event.to === 'closed';
      }
      const changed = each('session.changed', (listener) => listener(session, event));
      if (event.to !== 'closed') return changed;
      const closed = each('session.closed', (listener) => listener(session, { reason: event.reason }));
      return async () => {
        await changed();
        await closed();
      };
    }
    if (event.type === 'message') {
      session.update({ lastSpeaker: event.author.role, lastSeq: event.seq });
      // Since the message before this one, or since the session started for the first message.
      const silenceMs = event.at - (entry.lastMessageAt ?? session.startedAt);
      entry.lastMessageAt = event.at;
      if (event.author.role !== 'visitor' || !entry.holding) return undefined;
      const { formAnswer } = event;
      if (formAnswer) {
        // The server kept the answers in the session's data as it stored this message.
        const answered = Object.entries(formAnswer.values).map(([name, value]) => [
          `${formAnswer.form}.${name}`,
          value,
        ]);
        session.update({ data: { ...session.data, ...Object.fromEntries(answered) } });
        return whileHeld(
          entry,
          each('formAnswer', (listener) => listener(session, formAnswer, event)),
        );
      }
      const context = { session, message: event, silenceMs };
      const run = compose(
        middlewares,
        each('message', (listener) => listener(session, event)),
      );
      return whileHeld(entry, () => run(context));
    }
    session.update({ lastSeq: event.seq });
    // Feedback the bot recorded itself is not news to it.
    const own = event.type === 'feedback' && event.author.role === 'bot' && event.author.id === botId;
    if (event.type !== 'feedback' || own || (!entry.holding && !entry.closedHere)) return undefined;
    return each('feedback', (listener) => listener(session, event));
  };

  const work = createSessionWork({
    decide,
    handled: noteHandled,
    idle(entry) {
      // Let go of a session that left this bot once it has been quiet a while (issue 11: a bot
      // that never forgot a session grew without bound and could no longer catch up).
      clearTimeout(entry.forgetTimer);
      entry.forgetTimer = setTimeout(() => {
        if (entry.holding || entry.work.length > 0) return;
        sessions.delete(entry.session.id);
        delivery.forget(entry.session.id);
      }, lingerMs);
      entry.forgetTimer.unref?.();
    },
    reportError,
    stopped: () => stopped,
    retryDelay: backoff,
  });

  // ---- the session's actions, on the bot's behalf -------------------------------------------------

  /** A write's client id: derived from the event being handled, so handling it twice writes once. */
  const writeId = (sessionId: string) => work.clientIdFor(sessions.get(sessionId)) ?? newClientId();

  /**
   * What the bot writes comes back in the ack only, never as `session.event` (issue 16): it is
   * taken in like a live event, so the session's state, its listeners (`session.closed` after
   * `close`, `session.changed` after `route`) and the processing cursor follow it as before.
   */
  const own = <T extends Written>(ack: T): T => {
    if (sessions.has(ack.event.sessionId)) delivery.receive(ack.event);
    return ack;
  };

  const actions: SessionActions = {
    async say(sessionId, message) {
      const payload: BotSendInput = { sessionId, clientId: writeId(sessionId), ...message };
      return { seq: own(await ask('message.send', payload, true)).seq };
    },
    typing(sessionId, on) {
      if (socket.connected) socket.emit('typing', { sessionId, on });
    },
    async route(sessionId, target) {
      return own(await ask('session.route', { sessionId, ...target })).route;
    },
    async close(sessionId, reason) {
      own(await ask('session.close', { sessionId, ...(reason ? { reason } : {}) }));
    },
    async feedback(sessionId, feedback) {
      own(await ask('session.feedback', { sessionId, clientId: writeId(sessionId), ...feedback }, true));
    },
    async set(sessionId, data) {
      return (await ask('session.set', { sessionId, data })).data;
    },
    async label(sessionId, change) {
      return (await ask('session.label', { sessionId, ...change })).labels;
    },
    upload: (sessionId, file) => files.upload(sessionId, file),
    async read(sessionId, seq) {
      return { seq: (await ask('read.mark', { sessionId, seq })).seq };
    },
    async newSession(sessionId, { message, data }: NewSessionOptions) {
      const sync = await ask('session.new', {
        sessionId,
        ...(message ? { message: typeof message === 'string' ? toBotMessage(message) : message } : {}),
        ...(data ? { data } : {}),
      });
      return adopt(sync);
    },
  };

  /** A session this bot opened itself: its opening is handled (the server says so in `handled`). */
  const adopt = (sync: SessionSync): BotSession => {
    delivery.receiveSync(sync);
    const entry = sessions.get(sync.session.id);
    if (!entry) throw new ParleyError('internal', `Session ${sync.session.id} was not tracked`);
    return entry.session;
  };

  // ---- delivery: the session log, replayed from the processing cursor -----------------------------

  const delivery = createDelivery<BotSendInput, { seq: number }>(
    {
      // Naming a session only saves resending events the bot has; the server returns every
      // session that needs the bot either way, so past the protocol's limit the rest go unnamed.
      sync: async (cursors, after) =>
        (await request(
          'sync',
          {
            cursors: Object.fromEntries(Object.entries(cursors).slice(0, MAX_CURSORS)),
            ...(after ? { after } : {}),
          },
          true,
        )) as AckResult<{
          sessions: SessionSync[];
          next?: string;
        }>,
      // Bots write through `ask` (bounded, with derived client ids), never through the outbox.
      send: async () => {
        throw new ParleyError('internal', 'Bots do not write through the delivery outbox');
      },
    },
    {
      onSession(summary, _firstSeen, sync) {
        let entry = sessions.get(summary.id);
        if (entry) entry.session.update(summary);
        else {
          entry = tracked(new BotSession(summary, actions));
          sessions.set(summary.id, entry);
        }
        if (sync.handled !== undefined) work.handledUpTo(entry, sync.handled);
      },
      onEvent(event) {
        const entry = sessions.get(event.sessionId);
        if (entry) work.takeIn(entry, event);
      },
      onError: reportError,
    },
  );

  /**
   * Live events of sessions the bot does not know (yet, or any more): the server says whether
   * they are ours. Usually `session.created` follows at once (a route to this bot publishes the
   * change first), so the bot waits a moment and asks only for what is still unknown.
   */
  const unknown = new Set<string>();
  let catchingUp: ReturnType<typeof setTimeout> | undefined;
  const catchUpSoon = (sessionId: string) => {
    unknown.add(sessionId);
    catchingUp ??= setTimeout(() => {
      catchingUp = undefined;
      const stillUnknown = [...unknown].some((id) => !sessions.has(id));
      unknown.clear();
      if (stillUnknown) void delivery.resume();
    }, 100);
  };

  let resolveReady: () => void = () => {};
  let rejectReady: (error: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // `ready` may never be awaited; its rejection is also reported through 'error'.
  ready.catch(() => {});

  const later = (ms: number, run: () => void) => setTimeout(() => stopped || run(), ms);
  /** "Not now" refusals (too many connections from this address, storage away): back later. */
  const refusals = createRefusalBackoff({ reconnect: () => socket.connect(), later });
  /** The server's `resync` and `heads`: live events may have been lost; catch up. */
  const signals = createLiveSignals({
    resume: () => void delivery.resume(),
    timeline: delivery.timeline,
    later,
  });

  socket.on('connect', async () => {
    refusals.connected();
    if (botId === undefined) {
      try {
        botId = (await ask('app.config', {})).config.bot.id;
      } catch (error) {
        reportError(error);
      }
    }
    await delivery.resume();
    if (handled.size > 0) flushHandled();
    resolveReady();
  });
  socket.on('connect_error', (error: Error & { data?: unknown }) => {
    const data = error.data;
    const failure = isWireError(data) ? new ParleyError(data.code, data.message) : error;
    reportError(failure);
    if (socket.active || stopped) return;
    // "Not now" comes back after a backoff, never giving up. A refused token is final: Socket.IO
    // does not retry it, nor do we.
    if (!refusals.refused(data)) rejectReady(failure);
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || stopped) return;
    // The server lets one connection per bot live: a newer one took over. This one stops rather
    // than take it back, so two processes never answer the same visitor.
    stopped = true;
    reportError(
      new ParleyError('conflict', 'Another connection with this bot token took over; this one stopped'),
    );
  });
  socket.on('session.created', (sync) => delivery.receiveSync(sync));
  socket.on('session.event', (event) => {
    if (sessions.has(event.sessionId)) delivery.receive(event);
    else catchUpSoon(event.sessionId);
  });
  socket.on('resync', signals.resync);
  socket.on('heads', signals.heads);
  // Only what it knows of the visitor: the status and the rest move with the log's events.
  socket.on('session.updated', ({ id, visitorId, visitor }) =>
    sessions.get(id)?.session.update({ visitorId, visitor }),
  );

  const bot = {
    /** Resolves once connected and caught up; rejects if the server refuses the token. */
    ready,

    /** Files in the bot's sessions (issue 14): signed links and downloads of attachments. */
    files,

    /** Adds a handler; returns the bot for chaining. */
    on<K extends keyof BotHandlers>(event: K, handler: BotHandlers[K]) {
      listeners[event].push(handler);
      return bot;
    },

    /** Adds a middleware that runs around every incoming visitor message. */
    use(middleware: Middleware) {
      middlewares.push(middleware);
      return bot;
    },

    /**
     * Opens a session for a visitor this bot has talked to before (none may be open).
     * @example const session = await bot.startSession(visitorId, { message: 'Your order has shipped!' });
     */
    async startSession(visitorId: string, opts: NewSessionOptions = {}): Promise<BotSession> {
      const { message, data } = opts;
      const sync = await ask('session.start', {
        visitorId,
        ...(message ? { message: typeof message === 'string' ? toBotMessage(message) : message } : {}),
        ...(data ? { data } : {}),
      });
      return adopt(sync);
    },

    app: {
      /** This bot's configuration on the server: its sites (texts, feedback scale) and the queues. */
      async config(): Promise<BotAppConfig> {
        return (await ask('app.config', {})).config;
      },
    },

    /** Whether the socket is connected right now. */
    get connected(): boolean {
      return socket.connected;
    },

    /** A session this bot holds, or held lately, by id. */
    session(id: string): BotSession | undefined {
      return sessions.get(id)?.session;
    },

    /** How many sessions the bot remembers now (those it holds, and those it let go of lately). */
    get sessionCount(): number {
      return sessions.size;
    },

    /** Disconnects for good. What a handler has not finished is handled by the next connection. */
    async close(): Promise<void> {
      // What was handled goes out before the disconnect, on the same connection.
      if (handled.size > 0) flushHandled();
      stopped = true;
      clearTimeout(flushing);
      clearTimeout(catchingUp);
      for (const entry of sessions.values()) clearTimeout(entry.forgetTimer);
      socket.disconnect();
      // Requests still waiting (for the connection, or to try again) reject now.
      closing.abort();
    },
  };
  return bot;
}

export type Bot = ReturnType<typeof createBot>;
