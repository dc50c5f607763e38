import { createDelivery, newClientId, whileConnected } from '@parley/client';
import {
  type AckResult,
  type BotAppConfig,
  type BotClientEvents,
  type BotSendInput,
  type BotServerEvents,
  type FeedbackEvent,
  isWireError,
  type MessageEvent,
  type SessionEvent,
  type SessionSync,
  type StatusEvent,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { BotSession, type NewSessionOptions, type SessionActions, toBotMessage } from './bot-session.js';
import { compose, type Middleware } from './middleware.js';
import { ParleyError } from './parley-error.js';

export interface BotOptions {
  /** The Parley server, e.g. `http://localhost:3000`. */
  url: string;
  /** This bot's token from the server's configuration. */
  token: string;
  /** How long to wait for the server to answer a request (default 10 s). */
  ackTimeoutMs?: number;
}

export interface BotHandlers {
  /** A visitor's session entered this bot's hands: the moment to welcome the visitor. */
  'session.created': (session: BotSession) => unknown;
  /** The visitor said something (after every `use` middleware called `next`). */
  message: (session: BotSession, message: MessageEvent) => unknown;
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

interface Entry {
  session: BotSession;
  /** Events are handed to handlers only once the session is live (not while catching up). */
  live: boolean;
  /** The session left this bot (routed on, closed): nothing more is delivered for it. */
  gone: boolean;
  queue: Promise<unknown>;
}

/**
 * Connects a bot to Parley. It reconnects and resumes by itself: events it missed while away are
 * replayed once, sessions it has never spoken in are welcomed when it comes back, and visitor
 * messages after its last reply are handed to `message`.
 * @example
 * const bot = createBot({ url: 'http://localhost:3000', token: process.env.PARLEY_BOT_TOKEN });
 * bot.on('session.created', (session) => session.say('Hi! How can I help?', { quickReplies: ['Pricing'] }));
 * bot.on('message', (session, message) => session.say(`You said: ${message.text}`));
 * await bot.ready;
 */
export function createBot(options: BotOptions) {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const listeners: Listeners = {
    'session.created': [],
    message: [],
    'session.changed': [],
    'session.closed': [],
    feedback: [],
    error: [],
  };
  const middlewares: Middleware[] = [];
  const sessions = new Map<string, Entry>();
  let botId: string | undefined;

  const socket: BotSocket = io(`${options.url.replace(/\/$/, '')}/bot`, {
    auth: { token: options.token },
    transports: ['websocket'],
  });

  const reportError = (error: unknown) => {
    for (const listener of listeners.error) listener(error);
  };

  /** Sends one request and unwraps its ack: the value, or a `ParleyError`. */
  const ask = async <
    E extends
      | 'session.route'
      | 'session.close'
      | 'session.feedback'
      | 'session.set'
      | 'session.new'
      | 'session.start'
      | 'app.config',
  >(
    event: E,
    payload: Parameters<BotClientEvents[E]>[0],
  ): Promise<Extract<Acked<E>, { ok: true }>> => {
    let result: AckResult;
    try {
      // Socket.IO's typed emit cannot take a union of event names; `ask`'s own signature keeps
      // each call site typed instead.
      const untyped = socket as unknown as {
        timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<AckResult> };
      };
      result = await whileConnected(socket, () => untyped.timeout(ackTimeoutMs).emitWithAck(event, payload));
    } catch (error) {
      throw new ParleyError('timeout', `${event}: no answer from the server (${(error as Error).message})`);
    }
    if (!result.ok) throw new ParleyError(result.error.code, result.error.message);
    return result as Extract<Acked<E>, { ok: true }>;
  };

  /** Runs a handler after the session's earlier handlers, reporting (never throwing) its errors. */
  const dispatch = (sessionId: string, run: (session: BotSession) => unknown) => {
    const entry = sessions.get(sessionId);
    if (!entry) return;
    entry.queue = entry.queue.then(() => run(entry.session)).catch(reportError);
  };

  const runMessage = (entry: Entry, message: MessageEvent) => {
    const log = delivery.timeline.events(message.sessionId);
    const index = log.findIndex((e) => e.seq === message.seq);
    const before = log.slice(0, Math.max(0, index)).findLast((e) => e.type === 'message');
    // Since the message before this one, or since the session started for the first message.
    const since = before?.at ?? log[0]?.at ?? message.at;
    const context = { session: entry.session, message, silenceMs: message.at - since };
    return compose(middlewares, async () => {
      for (const listener of listeners.message) await listener(entry.session, message);
    })(context);
  };

  const deliver = (event: SessionEvent) => {
    const entry = sessions.get(event.sessionId);
    if (!entry || entry.gone) return;
    const { session } = entry;
    if (event.type === 'session.changed') {
      session.update({ status: event.to, lastSeq: event.seq });
      const routedAway = event.to !== 'bot' || (event.reason === 'route' && event.by?.id === botId);
      if (routedAway) entry.gone = true;
      for (const listener of listeners['session.changed'])
        dispatch(event.sessionId, (s) => listener(s, event));
      if (event.to === 'closed') {
        for (const listener of listeners['session.closed']) {
          dispatch(event.sessionId, (s) => listener(s, { reason: event.reason }));
        }
      }
    } else if (event.type === 'feedback') {
      if (event.author.role === 'bot' && event.author.id === botId) return;
      for (const listener of listeners.feedback) dispatch(event.sessionId, (s) => listener(s, event));
    } else if (event.type === 'message') {
      session.update({ lastSpeaker: event.author.role, lastSeq: event.seq });
      if (event.author.role === 'visitor') dispatch(event.sessionId, () => runMessage(entry, event));
    } else {
      // A form (the offline form) never reaches a bot's live session: it is left after the bot.
      session.update({ lastSeq: event.seq });
    }
  };

  const actions: SessionActions = {
    async say(sessionId, message) {
      const result = await delivery.send({ sessionId, ...message });
      if (!result.ok) throw new ParleyError(result.error.code, result.error.message);
      return result.value;
    },
    typing(sessionId, on) {
      if (socket.connected) socket.emit('typing', { sessionId, on });
    },
    async route(sessionId, target) {
      return (await ask('session.route', { sessionId, ...target })).route;
    },
    async close(sessionId, reason) {
      await ask('session.close', { sessionId, ...(reason ? { reason } : {}) });
    },
    async feedback(sessionId, feedback) {
      // One client id for every try, so a retry after a lost answer is stored once.
      const clientId = newClientId();
      await ask('session.feedback', { sessionId, clientId, ...feedback });
    },
    async set(sessionId, data) {
      return (await ask('session.set', { sessionId, data })).data;
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

  /** A session this bot opened itself: live at once, never welcomed by `session.created`. */
  const adopt = (sync: SessionSync): BotSession => {
    delivery.receiveSync(sync);
    const entry = sessions.get(sync.session.id);
    if (!entry) throw new ParleyError('internal', `Session ${sync.session.id} was not tracked`);
    entry.live = true;
    return entry.session;
  };

  const delivery = createDelivery<BotSendInput, { seq: number }>(
    {
      sync: (cursors) =>
        whileConnected(socket, () => socket.timeout(ackTimeoutMs).emitWithAck('sync', { cursors })),
      send: (payload) =>
        whileConnected(socket, () => socket.timeout(ackTimeoutMs).emitWithAck('message.send', payload)),
    },
    {
      onSession(summary) {
        const known = sessions.get(summary.id);
        if (known) known.session.update(summary);
        else {
          const session = new BotSession(summary, actions);
          sessions.set(summary.id, { session, live: false, gone: false, queue: Promise.resolve() });
        }
      },
      onEvent(event) {
        if (sessions.get(event.sessionId)?.live) deliver(event);
      },
      onError: reportError,
    },
  );

  const welcome = (sessionId: string) => {
    for (const listener of listeners['session.created']) dispatch(sessionId, (s) => listener(s));
  };

  /**
   * A session first seen in a resume (opened while this bot was away, or before it restarted):
   * welcome it if the bot has not spoken there yet, then hand over the visitor's messages since
   * the bot last spoke — the ones nobody has answered.
   */
  const catchUp = (entry: Entry) => {
    if (entry.live) return;
    entry.live = true;
    const log = delivery.timeline.events(entry.session.id);
    const lastBot = log.findLastIndex((e) => e.type === 'message' && e.author.role === 'bot');
    if (lastBot === -1 && entry.session.status === 'bot') welcome(entry.session.id);
    for (const event of log.slice(lastBot + 1)) if (event.type === 'message') deliver(event);
  };

  let resolveReady: () => void = () => {};
  let rejectReady: (error: unknown) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // `ready` may never be awaited; its rejection is also reported through 'error'.
  ready.catch(() => {});

  socket.on('connect', async () => {
    if (botId === undefined) {
      try {
        botId = (await ask('app.config', {})).config.bot.id;
      } catch (error) {
        reportError(error);
      }
    }
    await delivery.resume();
    for (const entry of sessions.values()) catchUp(entry);
    resolveReady();
  });
  socket.on('connect_error', (error: Error & { data?: unknown }) => {
    const data = error.data;
    const failure = isWireError(data) ? new ParleyError(data.code, data.message) : error;
    // A refused handshake (bad token) is final: Socket.IO does not retry it, and neither do we.
    if (!socket.active) rejectReady(failure);
    reportError(failure);
  });
  socket.on('session.created', (sync) => {
    const known = sessions.get(sync.session.id);
    if (known?.live && !known.gone) return;
    if (known) {
      // Routed back to this bot after it let go: a fresh start with the whole log.
      known.gone = false;
      known.session.update(sync.session);
    }
    delivery.receiveSync(sync);
    const entry = sessions.get(sync.session.id);
    if (!entry) return;
    entry.live = true;
    welcome(sync.session.id);
  });
  socket.on('session.event', (event) => delivery.receive(event));
  // Only what it knows of the visitor: the status and the rest move with the log's events.
  socket.on('session.updated', ({ id, visitorId, visitor }) =>
    sessions.get(id)?.session.update({ visitorId, visitor }),
  );

  const bot = {
    /** Resolves once connected and caught up; rejects if the server refuses the token. */
    ready,

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

    /** A session this bot has seen, by id. */
    session(id: string): BotSession | undefined {
      return sessions.get(id)?.session;
    },

    /** Disconnects for good. */
    async close(): Promise<void> {
      socket.disconnect();
    },
  };
  return bot;
}

export type Bot = ReturnType<typeof createBot>;
