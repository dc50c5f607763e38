import { createDelivery, whileConnected } from '@parley/client';
import {
  type BotClientEvents,
  type BotSendInput,
  type BotServerEvents,
  isWireError,
  type MessageEvent,
  type SessionEvent,
  type StatusEvent,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { BotSession } from './bot-session.js';
import { ParleyError } from './parley-error.js';

export interface BotOptions {
  /** The Parley server, e.g. `http://localhost:3000`. */
  url: string;
  /** This bot's token from the server's configuration. */
  token: string;
  /** How long to wait for the server to ack a write before retrying on reconnect (default 10 s). */
  ackTimeoutMs?: number;
}

export interface BotHandlers {
  /** A session entered this bot's hands: the moment to welcome the visitor. */
  'session.created': (session: BotSession) => unknown;
  /** The visitor said something. */
  message: (session: BotSession, message: MessageEvent) => unknown;
  /** The session moved along the status machine (e.g. it was closed). */
  'session.changed': (session: BotSession, change: StatusEvent) => unknown;
  /** A handler threw, or the connection failed; the bot carries on. */
  error: (error: unknown) => unknown;
}

type Listeners = { [K in keyof BotHandlers]: BotHandlers[K][] };

/**
 * Connects a bot to Parley. It reconnects and resumes by itself: events it missed while away are
 * replayed once, and sessions it has never spoken in are welcomed when it comes back.
 * @example
 * const bot = createBot({ url: 'http://localhost:3000', token: process.env.PARLEY_BOT_TOKEN });
 * bot.on('session.created', (session) => session.say('Hi! How can I help?'));
 * bot.on('message', (session, message) => session.say(`You said: ${message.text}`));
 * await bot.ready;
 */
export function createBot(options: BotOptions) {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const listeners: Listeners = { 'session.created': [], message: [], 'session.changed': [], error: [] };
  const sessions = new Map<string, { session: BotSession; live: boolean; queue: Promise<unknown> }>();

  const socket: Socket<BotServerEvents, BotClientEvents> = io(`${options.url.replace(/\/$/, '')}/bot`, {
    auth: { token: options.token },
    transports: ['websocket'],
  });

  const reportError = (error: unknown) => {
    if (listeners.error.length === 0) return;
    for (const listener of listeners.error) listener(error);
  };

  /** Runs a handler after the session's earlier handlers, reporting (never throwing) its errors. */
  const dispatch = (sessionId: string, run: (session: BotSession) => unknown) => {
    const entry = sessions.get(sessionId);
    if (!entry) return;
    entry.queue = entry.queue.then(() => run(entry.session)).catch(reportError);
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
        else
          sessions.set(summary.id, {
            session: new BotSession(summary, actions),
            live: false,
            queue: Promise.resolve(),
          });
      },
      onEvent(event) {
        const entry = sessions.get(event.sessionId);
        if (entry?.live) deliver(event);
      },
      onError: reportError,
    },
  );

  const deliver = (event: SessionEvent) => {
    const entry = sessions.get(event.sessionId);
    if (!entry) return;
    if (event.type === 'session.changed') {
      entry.session.update({ status: event.to, lastSeq: event.seq });
      for (const listener of listeners['session.changed'])
        dispatch(event.sessionId, (s) => listener(s, event));
    } else if (event.type === 'message') {
      entry.session.update({ lastSpeaker: event.author.role, lastSeq: event.seq });
      if (event.author.role !== 'visitor') return;
      for (const listener of listeners.message) dispatch(event.sessionId, (s) => listener(s, event));
    }
  };

  const welcome = (sessionId: string) => {
    for (const listener of listeners['session.created']) dispatch(sessionId, (s) => listener(s));
  };

  /**
   * A session first seen in a resume (created while this bot was away or before it restarted):
   * welcome it if the bot has not spoken there yet, then hand over the visitor's messages since
   * the bot last spoke — the ones nobody has answered.
   */
  const catchUp = (sessionId: string) => {
    const entry = sessions.get(sessionId);
    if (!entry || entry.live) return;
    entry.live = true;
    const log = delivery.timeline.events(sessionId);
    const lastBot = log.findLastIndex((e) => e.type === 'message' && e.author.role === 'bot');
    if (lastBot === -1 && entry.session.status === 'bot') welcome(sessionId);
    for (const event of log.slice(lastBot + 1)) if (event.type === 'message') deliver(event);
  };

  const actions = {
    async say(sessionId: string, text: string) {
      const result = await delivery.send({ sessionId, text });
      if (!result.ok) throw new ParleyError(result.error.code, result.error.message);
      return result.value;
    },
    typing(sessionId: string, on: boolean) {
      socket.emit('typing', { sessionId, on });
    },
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
    await delivery.resume();
    for (const id of sessions.keys()) catchUp(id);
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
    if (sessions.has(sync.session.id)) return;
    delivery.receiveSync(sync);
    const entry = sessions.get(sync.session.id);
    if (!entry) return;
    entry.live = true;
    welcome(sync.session.id);
  });
  socket.on('session.event', (event) => delivery.receive(event));

  return {
    /** Resolves once connected and caught up; rejects if the server refuses the token. */
    ready,

    /** Adds a handler; returns the bot for chaining. */
    on<K extends keyof BotHandlers>(event: K, handler: BotHandlers[K]) {
      listeners[event].push(handler);
      return this;
    },

    /** Whether the socket is connected right now. */
    get connected(): boolean {
      return socket.connected;
    },

    /** The sessions this bot has seen, by id. */
    session(id: string): BotSession | undefined {
      return sessions.get(id)?.session;
    },

    /** Disconnects for good. */
    async close(): Promise<void> {
      socket.disconnect();
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
