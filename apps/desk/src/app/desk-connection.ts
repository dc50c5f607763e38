/**
 * The one translation layer between the `/agent` socket and the desk's state, for one login:
 * owns the socket and the shared delivery layer (outbox, resume, dedupe), maps every server
 * event to reducer actions through `serverEvents`, and gives components commands instead of the
 * socket.
 */
import { createDelivery, createLiveSignals, createRefusalBackoff, type Delivery } from '@parley/client';
import {
  type AckResult,
  type AgentSendInput,
  type AgentServerEvents,
  type AgentTransferInput,
  isWireError,
  type PresenceSetInput,
  type RouteOutcome,
  type TypingNotice,
  type VisitorRef,
  type Written,
} from '@parley/protocol';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { ApiResult } from '../auth/login-api.js';
import type { DeskStorage, StorageKeyKind, StoredLogin } from '../storage/desk-storage.js';
import { type AgentSocket, createAgentTransport } from './agent-transport.js';
import { toDeskError } from './desk-error.js';
import type { DeskError, DeskTask } from './desk-state.js';
import type { DeskStore } from './desk-store.js';
import { createReadMarks } from './read-marks.js';
import { createRecordsCommands, type RecordsCommands } from './records-commands.js';
import { createSupervisorCommands, type SupervisorCommands } from './supervisor-commands.js';
import { createTimers, type Timer } from './timers.js';
import { createToolsCommands, type ToolsCommands } from './tools-commands.js';
import type { ToolsStore } from './tools-store.js';
import { createTypingSignal } from './typing-signal.js';

/** What components may ask of the agent's connection; they never see the socket. */
export interface ChatCommands {
  /** Ready, or not ready with one of the configured reasons. */
  setPresence(input: PresenceSetInput): void;
  /**
   * Sets the active site (issue 15, item 4): one of the agent's sites, or null for all of them;
   * the queue is listed again for it. Chats the agent has stay.
   */
  switchSite(siteKey: string | null): void;
  /** Takes a queued session; the chat opens once the server agrees. */
  accept(sessionId: string): void;
  /** Opens a read-only view of any session the agent may read (queued, offline message). */
  preview(sessionId: string): void;
  /**
   * Sends a message: text, a file uploaded before (`attachmentId`, issue 14), or both; it shows
   * at once from the outbox and is replaced by its event.
   */
  send(sessionId: string, text: string, attachmentId?: string): void;
  /** Sends a failed message again with its original client id. */
  retry(clientId: string): void;
  /** The agent typed in a chat: tells the visitor, and that they stopped after a pause. */
  noteTyping(sessionId: string): void;
  /** Sends a chat elsewhere; resolves with where it went, or why not (for the dialog to show). */
  transfer(input: AgentTransferInput): Promise<ApiResult<{ route: RouteOutcome }>>;
  handBack(sessionId: string): void;
  /**
   * Starts a conversation with a visitor seen before (issue 15, item 5): once the server agrees,
   * the chat is in the list and shown; resolves with its id, or why not (for the dialog to show).
   */
  startConversation(visitor: VisitorRef, message: string): Promise<ApiResult<{ sessionId: string }>>;
  /** Answers an offline message by email; resolves with the address it went to, or why not. */
  replyOffline(sessionId: string, text: string): Promise<ApiResult<{ to: string }>>;
  closeChat(sessionId: string): void;
  /** Removes an ended chat from the list (in every tab). */
  dismiss(sessionId: string): void;
  /** The agent has seen a chat up to `seq` (in every tab, and after a reload). */
  markSeen(sessionId: string, seq: number): void;
  /** Connects again after the connection stopped for good. */
  reconnect(): void;
}

/** Everything a login's connection does for components: its chats, and reading the records. */
export type ConnectionCommands = ChatCommands & RecordsCommands & SupervisorCommands & ToolsCommands;

export interface DeskConnectionOptions {
  /** Parley's origin: the desk's own. */
  origin: string;
  login: StoredLogin;
  store: DeskStore;
  /** The team tools' state (issue 15: notes, canned responses). */
  tools: ToolsStore;
  storage: DeskStorage;
  /** The server refused the token (expired, revoked by a logout elsewhere): the login is over. */
  onUnauthorized(error: DeskError): void;
  /** Offers a file to the agent to save (an export). */
  saveFile(name: string, text: string): void;
  /** Creates the socket; the default is Socket.IO's `io`. */
  connect?(url: string, options: Partial<ManagerOptions & SocketOptions>): AgentSocket;
}

export interface DeskConnection {
  commands: ConnectionCommands;
  /** Another tab changed what the desk keeps (seen seqs, listed chats). */
  storageChanged(kind: StorageKeyKind): void;
  start(): void;
  dispose(): void;
}

/** A visitor typing notice without its "stopped" is hidden after this long. */
const TYPING_TTL_MS = 6_000;
/** After the server ended the connection on purpose, wait this long before asking again. */
const SERVER_DISCONNECT_WAIT_MS = 1_000;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * Creates one login's connection to `/agent` (not yet connected: call `start`).
 * @example
 * const connection = createDeskConnection({ origin, login, store, storage, onUnauthorized });
 * connection.start();
 * connection.commands.setPresence({ status: 'ready' });
 */
export function createDeskConnection(options: DeskConnectionOptions): DeskConnection {
  const { store, storage, login } = options;
  const { dispatch, getState } = store;
  const agentId = login.agent.id;
  const timers = createTimers();
  const { later, cancel } = timers;

  let resumeFailures = 0;
  let retryDelay = RETRY_MIN_MS;
  /** Sessions this desk asked to accept: their assignment is no news to ring about. */
  const accepting = new Set<string>();
  const typingExpiry = new Map<string, Timer>();

  const socket = (options.connect ?? io)(`${options.origin}/agent`, {
    autoConnect: false,
    // A login of its own: never share a connection with an earlier login's socket.
    forceNew: true,
    transports: ['websocket', 'polling'],
    auth: { token: login.token },
  });
  const transport = createAgentTransport(socket);
  const ownTyping = createTypingSignal(timers, (sessionId, on) => {
    if (socket.connected) socket.emit('typing', { sessionId, on });
  });
  const stopTyping = ownTyping.stop;
  const readMarks = createReadMarks(timers, (sessionId, seq) => {
    if (!socket.connected) return;
    // A refusal (the chat left the agent a moment ago) needs no word to the agent: their own
    // mark stays in this browser, and the visitor the mark was for no longer has them.
    socket.emit('read.mark', { sessionId, seq }, () => {});
  });
  const delivery: Delivery<AgentSendInput, Written> = createDelivery(transport, {
    onSession: (session) =>
      dispatch({
        type: 'session',
        session,
        seen: storage.seen(agentId, session.id),
        self: accepting.delete(session.id),
      }),
    onEvent: (event) => dispatch({ type: 'event', event }),
    onOutbox: (entries) => dispatch({ type: 'outbox', entries }),
    onError: (error) => {
      resumeFailures += 1;
      dispatch({ type: 'error', error: toDeskError(error, 'sync', 'sync') });
    },
  });
  // Ended chats listed before a reload are asked for again, so they stay until dismissed.
  for (const sessionId of storage.chats(agentId)) delivery.timeline.track(sessionId);

  // The chats listed, for the next reload and the other tabs; written once the first sync has
  // told which of the remembered ones still exist.
  let listed = storage.chats(agentId).sort().join('\n');
  const unsubscribe = store.subscribe((state) => {
    if (!state.synced) return;
    const ids = Object.keys(state.chats).sort();
    if (ids.join('\n') === listed) return;
    listed = ids.join('\n');
    storage.setChats(agentId, ids);
  });

  /**
   * Runs an acked request: its value goes to `onOk`; a refusal or no answer is shown as an
   * error of `task` (no answer only while connected: otherwise the reconnect is already shown).
   */
  const request = async <T extends object>(
    task: DeskTask,
    pending: Promise<AckResult<T>>,
    onOk: (value: { ok: true } & T) => void,
  ): Promise<boolean> => {
    try {
      const result = await pending;
      if (!result.ok) {
        dispatch({ type: 'error', error: { ...result.error, task } });
        return false;
      }
      onOk(result);
      return true;
    } catch (error) {
      if (socket.connected) dispatch({ type: 'error', error: toDeskError(error, 'timeout', task) });
      else dispatch({ type: 'error', error: toDeskError(error, 'not_connected', task) });
      return false;
    }
  };

  /** Reconnects after a refusal that passes (`rate_limited`, `unavailable`), with backoff. */
  const refusals = createRefusalBackoff({ reconnect: () => socket.connect(), later });
  /** The server's `resync` and `heads`: live events may have been lost, resume to fetch them. */
  const signals = createLiveSignals({
    resume: () => {
      if (socket.connected) void resync();
    },
    timeline: delivery.timeline,
    later,
  });

  /** Replays what was missed and resends the outbox; retried with backoff while connected. */
  const resync = async (): Promise<void> => {
    const failuresBefore = resumeFailures;
    await delivery.resume();
    if (resumeFailures !== failuresBefore) {
      if (socket.connected) later(retryDelay, () => void resync());
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      return;
    }
    retryDelay = RETRY_MIN_MS;
    if (getState().error?.task === 'sync') dispatch({ type: 'error' });
    dispatch({ type: 'synced' });
  };

  /** The lists every desk shows, fetched on every (re)connect; broadcasts keep them fresh after. */
  const refreshLists = () => {
    void request('presence', transport.listPresence(), ({ agents, reasons }) =>
      dispatch({ type: 'team', agents, reasons }),
    );
    void request('queue', transport.listQueue(), ({ entries }) => dispatch({ type: 'queue', entries }));
    void request('offline', transport.listOffline(), ({ entries }) =>
      dispatch({ type: 'offline.list', entries }),
    );
  };

  /** A write's own event comes in its ack only, never as `session.event` (issue 16). */
  const own = ({ event }: Written) => delivery.receive(event);

  const visitorTyping = (notice: TypingNotice) => {
    dispatch({ type: 'typing', notice });
    cancel(typingExpiry.get(notice.sessionId));
    typingExpiry.delete(notice.sessionId);
    if (!notice.on) return;
    typingExpiry.set(
      notice.sessionId,
      later(TYPING_TTL_MS, () => dispatch({ type: 'typing', notice: { ...notice, on: false } })),
    );
  };

  const supervisor = createSupervisorCommands({ transport, store, connected: () => socket.connected });

  /** Every event the server sends on `/agent`, and what it becomes. */
  const serverEvents: AgentServerEvents = {
    welcome: ({ agent, presence, reasons, directory, email, canned, activeSite }) => {
      dispatch({
        type: 'welcome',
        agent,
        presence,
        reasons,
        directory,
        email: email ?? false,
        activeSite: activeSite ?? null,
      });
      options.tools.dispatch({ type: 'canned', canned: canned ?? [] });
    },
    'site.active': ({ activeSite }) => dispatch({ type: 'site.active', siteKey: activeSite }),
    presence: (presence) => {
      dispatch({ type: 'presence', presence });
      supervisor.changed();
    },
    'session.created': (sync) => delivery.receiveSync(sync),
    'session.event': (event) => delivery.receive(event),
    'session.updated': (session) => delivery.receiveSync({ session, events: [] }),
    // Issue 14: the visitor read a chat, or this agent did on another device or tab.
    read: ({ sessionId, party, seq }) => {
      if (party === 'visitor') dispatch({ type: 'visitorRead', sessionId, seq });
      else if (party === 'agent') {
        storage.setSeen(agentId, sessionId, seq);
        dispatch({ type: 'seen', sessionId, seq });
      }
    },
    queue: ({ entries }) => {
      dispatch({ type: 'queue', entries });
      supervisor.changed();
    },
    'offline.new': (entry) => dispatch({ type: 'offline.new', entry }),
    'session.note': (note) => options.tools.dispatch({ type: 'note', note }),
    'offline.updated': (entry) => dispatch({ type: 'offline.new', entry }),
    typing: visitorTyping,
    resync: signals.resync,
    heads: signals.heads,
    'monitor.event': (event) => dispatch({ type: 'monitor.event', event }),
    note: (note) => dispatch({ type: 'note', note }),
  };
  socket.on('welcome', serverEvents.welcome);
  socket.on('presence', serverEvents.presence);
  socket.on('site.active', serverEvents['site.active']);
  socket.on('session.created', serverEvents['session.created']);
  socket.on('session.event', serverEvents['session.event']);
  socket.on('session.updated', serverEvents['session.updated']);
  socket.on('queue', serverEvents.queue);
  socket.on('offline.new', serverEvents['offline.new']);
  socket.on('session.note', serverEvents['session.note']);
  socket.on('offline.updated', serverEvents['offline.updated']);
  socket.on('typing', serverEvents.typing);
  socket.on('read', serverEvents.read);
  socket.on('resync', serverEvents.resync);
  socket.on('heads', serverEvents.heads);
  socket.on('monitor.event', serverEvents['monitor.event']);
  socket.on('note', serverEvents.note);

  let everConnected = false;
  socket.on('connect', () => {
    everConnected = true;
    refusals.connected();
    dispatch({ type: 'connection', status: 'online' });
    void resync();
    refreshLists();
    supervisor.reconnected();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    dispatch({ type: 'connection', status: 'offline' });
    // The server ended it on purpose (a logout in another tab revokes this login, or the server
    // is shutting down): Socket.IO does not retry by itself. Asking again tells which it was.
    if (reason === 'io server disconnect') later(SERVER_DISCONNECT_WAIT_MS, () => socket.connect());
  });
  socket.on('connect_error', (error) => {
    const { data } = error as Error & { data?: unknown };
    if (isWireError(data) && data.code === 'unauthorized') {
      options.onUnauthorized({ code: 'expired', message: data.message });
      return;
    }
    // A network failure: Socket.IO keeps trying. A refusal that passes (too many connections,
    // storage away): back off and come back, forever. Another refusal by the server: it stops.
    if (socket.active || refusals.refused(data)) {
      dispatch({ type: 'connection', status: everConnected ? 'offline' : 'connecting' });
    } else
      dispatch({ type: 'connection', status: 'error', error: toDeskError(data ?? error, 'connect_failed') });
  });

  const commands: ChatCommands = {
    setPresence(input) {
      void request('presence', transport.setPresence(input), ({ presence }) =>
        dispatch({ type: 'presence', presence }),
      );
    },
    switchSite(siteKey) {
      void request('site', transport.switchSite(siteKey), ({ activeSite }) => {
        dispatch({ type: 'site.active', siteKey: activeSite });
        void request('queue', transport.listQueue(), ({ entries }) => dispatch({ type: 'queue', entries }));
      });
    },
    accept(sessionId) {
      accepting.add(sessionId);
      void request('accept', transport.accept(sessionId), () => {
        dispatch({ type: 'preview' });
        dispatch({ type: 'show', view: { kind: 'chat', sessionId } });
      }).then((accepted) => {
        if (!accepted) accepting.delete(sessionId);
      });
    },
    preview(sessionId) {
      dispatch({ type: 'preview', preview: { sessionId, status: 'loading' } });
      transport.get(sessionId).then(
        (result) => {
          if (!result.ok) {
            dispatch({
              type: 'preview',
              preview: { sessionId, status: 'error', error: { ...result.error, task: 'preview' } },
            });
            return;
          }
          const { session, events } = result;
          dispatch({ type: 'preview', preview: { sessionId, status: 'ready', sync: { session, events } } });
        },
        (error: unknown) =>
          dispatch({
            type: 'preview',
            preview: { sessionId, status: 'error', error: toDeskError(error, 'timeout', 'preview') },
          }),
      );
    },
    send(sessionId, text, attachmentId) {
      const trimmed = text.trim();
      if (!trimmed && !attachmentId) return;
      stopTyping();
      void delivery.send({
        sessionId,
        ...(trimmed ? { text: trimmed } : {}),
        ...(attachmentId ? { attachmentId } : {}),
      });
    },
    retry(clientId) {
      void delivery.retry(clientId);
    },
    noteTyping: ownTyping.note,
    async transfer(input) {
      stopTyping();
      try {
        const result = await transport.transfer(input);
        if (!result.ok) return { ok: false, error: { ...result.error, task: 'transfer' } };
        own(result);
        return { ok: true, value: { route: result.route } };
      } catch (error) {
        return {
          ok: false,
          error: toDeskError(error, socket.connected ? 'timeout' : 'not_connected', 'transfer'),
        };
      }
    },
    async startConversation({ siteKey, visitorId }, message) {
      try {
        const result = await transport.start({ siteKey, visitorId, message });
        if (!result.ok) return { ok: false, error: { ...result.error, task: 'start' } };
        const { ok: _, ...sync } = result;
        delivery.receiveSync(sync);
        dispatch({ type: 'transcript' });
        dispatch({ type: 'show', view: { kind: 'chat', sessionId: sync.session.id } });
        return { ok: true, value: { sessionId: sync.session.id } };
      } catch (error) {
        return {
          ok: false,
          error: toDeskError(error, socket.connected ? 'timeout' : 'not_connected', 'start'),
        };
      }
    },
    async replyOffline(sessionId, text) {
      try {
        const result = await transport.replyOffline({ sessionId, text });
        if (!result.ok) return { ok: false, error: { ...result.error, task: 'reply' } };
        return { ok: true, value: { to: result.to } };
      } catch (error) {
        return {
          ok: false,
          error: toDeskError(error, socket.connected ? 'timeout' : 'not_connected', 'reply'),
        };
      }
    },
    handBack(sessionId) {
      stopTyping();
      void request('handback', transport.handBack(sessionId), own);
    },
    closeChat(sessionId) {
      stopTyping();
      void request('close', transport.close(sessionId), own);
    },
    dismiss(sessionId) {
      dispatch({ type: 'dismiss', sessionId });
    },
    markSeen(sessionId, seq) {
      if ((getState().seen[sessionId] ?? 0) >= seq) return;
      storage.setSeen(agentId, sessionId, seq);
      dispatch({ type: 'seen', sessionId, seq });
      // The visitor sees "Seen" (issue 14): a chat still the agent's tells the server, debounced.
      if (getState().chats[sessionId]?.ended === false) readMarks.note(sessionId, seq);
    },
    reconnect() {
      dispatch({ type: 'connection', status: 'connecting' });
      socket.connect();
    },
  };

  const records = createRecordsCommands({
    transport,
    store,
    connected: () => socket.connected,
    saveFile: options.saveFile,
  });

  const { changed: _changed, reconnected: _reconnected, ...supervisorCommands } = supervisor;
  const tools = createToolsCommands(socket, options.tools);

  return {
    commands: { ...commands, ...records, ...supervisorCommands, ...tools },
    storageChanged(kind) {
      if (kind.kind === 'seen' && kind.agentId === agentId) {
        dispatch({ type: 'seen', sessionId: kind.sessionId, seq: storage.seen(agentId, kind.sessionId) });
      } else if (kind.kind === 'chats' && kind.agentId === agentId) {
        const kept = new Set(storage.chats(agentId));
        for (const chat of Object.values(getState().chats)) {
          if (chat.ended && !kept.has(chat.id)) dispatch({ type: 'dismiss', sessionId: chat.id });
        }
      }
    },
    start: () => void socket.connect(),
    dispose() {
      timers.clear();
      unsubscribe();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
