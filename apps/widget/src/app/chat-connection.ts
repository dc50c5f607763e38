/**
 * The one translation layer between the socket and the widget's state: owns the `/visitor`
 * socket and the shared delivery layer, maps every server event to reducer actions through
 * `serverEvents`, and gives components commands instead of the socket.
 */
import { createDelivery, createLiveSignals, createRefusalBackoff, newClientId } from '@parley/client';
import {
  type AckResult,
  type Attributes,
  type FormFields,
  type HistoryPage,
  type IdentifyInput,
  isWireError,
  mergeAttributes,
  type SessionEvent,
  type Transcript,
  type TranscriptEmailInput,
  type TypingNotice,
  type VisitorAuth,
  type VisitorClientEvents,
  type VisitorInfo,
  type VisitorServerEvents,
  type Written,
} from '@parley/protocol';
import { Fetch, WebSocket } from 'engine.io-client';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { HostCall } from '../shared/host-message.js';
import {
  activeSession,
  type ChatError,
  type ChatMemory,
  initialChatState,
  needsPrechat,
  prechatForm,
  type SubmissionKind,
} from './chat-reducer.js';
import { type ChatStore, createChatStore } from './chat-store.js';
import type { TokenStore } from './token-store.js';
import { ACK_TIMEOUT_MS, createVisitorTransport, type VisitorSocket } from './visitor-transport.js';

/** An answer from the server, or why there is none (refused, or no answer in time). */
export type ChatAnswer<T extends object> = ({ ok: true } & T) | { ok: false; error: ChatError };

/** What components may ask of the chat; they never see the socket. */
export interface ChatCommands {
  /** Opens the panel; starts a session (the bot then welcomes) when none is open. */
  openPanel(): void;
  closePanel(): void;
  togglePanel(): void;
  /**
   * Sends a message (text, or an uploaded file's id with an optional text); it shows at once
   * from the outbox and is replaced by its event.
   */
  send(text: string, attachmentId?: string): void;
  /** Who the visitor is, as the file routes ask (issue 14: `/files/v1`, files/upload-file.ts). */
  fileHeaders(): Record<string, string>;
  /** Sends a failed message again with its original client id. */
  retry(clientId: string): void;
  /**
   * Issue 14's requests, for the chunks that make them: `read.mark` (the page link's, debounced,
   * while the panel is open and visible; a refused mark is sent again at the next change, with
   * no word to the visitor) and `form.answer` (a bot's inline form).
   */
  ask<E extends 'read.mark' | 'form.answer'>(
    event: E,
    payload: Parameters<VisitorClientEvents[E]>[0],
  ): Promise<ChatAnswer<{ seq: number }>>;
  /** Ends the open session ("End chat"); the next message starts a new one. */
  endChat(): void;
  /** The visitor typed: tells the session, and that they stopped after a pause. */
  noteTyping(): void;
  /** "Talk to a person": hands the session the bot has to the site's human queue. */
  handoff(): void;
  /** Leaves a message (the offline form) on an `offline` session; a retry keeps its client id. */
  submitOffline(sessionId: string, fields: FormFields): void;
  /** Rates a session once, on the site's scale; `review` may be blank. */
  sendFeedback(sessionId: string, score: number, review: string, tag?: string): void;
  /** After a session closed: shows the message box again (the next message starts a session). */
  newConversation(): void;
  /** Answers the pre-chat form: the session opens with them, and later ones reuse them. */
  submitPrechat(answers: FormFields): void;
  /**
   * `Parley('identify')`: who the visitor is on the site. Sent now and on every reconnect; a
   * verified identity of another visitor hands the widget that visitor's token
   * (`onVisitorChanged`).
   */
  identify(input: IdentifyInput): void;
  /** `Parley('setAttributes')`: merged into the visitor's info (null removes one). */
  setAttributes(changes: Record<string, Attributes[string] | null>): void;
  /** `Parley('setLocale')`: the locale new sessions report. */
  setLocale(locale: string): void;
  /**
   * `Parley('startSession')`: opens the panel and, unless a session is open, starts one from
   * the site's template (after its pre-chat form, if it has one).
   */
  startSession(template: string, params?: Record<string, string>, correlationId?: string): void;
  /**
   * The visitor's conversations from the records, newest first, a page at a time (`before`: the
   * previous page's `next`). Answered rather than kept in the chat's state: only the history
   * screen, a chunk of its own, holds them (history-reducer.ts), so app.js carries two requests.
   */
  history(before?: string): Promise<ChatAnswer<HistoryPage>>;
  /** One of the visitor's conversations from the records, with its events, read-only. */
  conversation(sessionId: string): Promise<ChatAnswer<Transcript>>;
  /** Emails an ended session's transcript to the visitor (issue 13; the closed dock's chunk asks). */
  emailTranscript(payload: TranscriptEmailInput): Promise<ChatAnswer<object>>;
  /** Connects again after a connection error. */
  reconnect(): void;
  dismissError(): void;
}

export interface ChatConnectionOptions {
  /** Parley's origin: the iframe's own. */
  origin: string;
  siteKey: string;
  /** The origin of the page embedding the widget; the server checks it against the site's list. */
  hostOrigin: string;
  tokens: TokenStore;
  /** The host page's context for a new session; should settle quickly. */
  visitorInfo(): Promise<VisitorInfo>;
  /** What this browser remembers: the panel open, pre-chat answers, read marks. */
  memory?: ChatMemory;
  /**
   * A verified identify made the visitor another one (the token is stored already): the page
   * should start over as that visitor, e.g. by reloading the frame, and make `calls` again (what
   * the page asked through the API, which the new start must not lose).
   */
  onVisitorChanged?(calls: HostCall[]): void;
  /** Creates the socket; the default is Socket.IO's `io`. */
  connect?(url: string, options: Partial<ManagerOptions & SocketOptions>): VisitorSocket;
}

export interface ChatConnection {
  store: ChatStore;
  commands: ChatCommands;
  start(): void;
  dispose(): void;
}

/** A typing notice without its "stopped" is dropped after this long (the typist's tab closed). */
const TYPING_TTL_MS = 10_000;
/** The visitor stopped typing after this long without a keystroke. */
const TYPING_IDLE_MS = 3_000;
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/** The answers to the fields of this form only (remembered ones may come from another form). */
const pick = (answers: FormFields, form: readonly { name: string }[]): FormFields =>
  Object.fromEntries(
    form.flatMap(({ name }) => (answers[name] === undefined ? [] : [[name, answers[name]]])),
  );

/** A page's API call the server refused: the site's mistake, said in the page's console. */
const refused = (call: string, error: ChatError) =>
  reportError(new Error(`Parley: ${call} refused: ${error.message}`));

const toChatError = (error: unknown, code: string): ChatError =>
  isWireError(error) ? error : { code, message: error instanceof Error ? error.message : String(error) };

/** `emitWithAck` for one of `ask`'s events, whose payload type the overload cannot pick by itself. */
type AskEmit = (event: string, payload: unknown) => Promise<AckResult<{ seq: number; event?: SessionEvent }>>;

/** A request's answer, with no answer at all (a timeout, no connection) as a failure too. */
const answered = <T extends object>(pending: Promise<AckResult<T>>): Promise<ChatAnswer<T>> =>
  pending.catch((error: unknown) => ({ ok: false, error: toChatError(error, 'timeout') }));

/**
 * Creates the widget's connection (not yet connected: call `start`).
 * @example
 * const chat = createChatConnection({ origin: location.origin, siteKey, hostOrigin, tokens, visitorInfo });
 * chat.start();
 * chat.commands.openPanel();
 */
export function createChatConnection(options: ChatConnectionOptions): ChatConnection {
  const { siteKey, hostOrigin, tokens } = options;
  const store = createChatStore(initialChatState(options.memory));
  const { dispatch, getState } = store;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  };
  const cancel = (timer: ReturnType<typeof setTimeout> | undefined) => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(timer);
  };

  let sentToken: string | undefined;
  let everConnected = false;
  let wantSession = false;
  let openingSession = false;
  let resumeFailures = 0;
  let retryDelay = RETRY_MIN_MS;
  let typingOff: ReturnType<typeof setTimeout> | undefined;
  const typingExpiry = new Map<string, ReturnType<typeof setTimeout>>();
  /** What the page told through the API, sent again on every connect. */
  let identity: IdentifyInput | undefined;
  let attributes: Attributes = {};
  let locale: string | undefined;
  /** The params of the `startSession` waiting for its session. */
  let templateParams: Record<string, string> | undefined;
  /** Its correlation id (kept on the session it opens). */
  let correlationId: string | undefined;
  /** An identify on its way: no session opens before its answer (it may switch the visitor). */
  let identifying: Promise<void> | undefined;
  /** A verified identify switched the visitor: this connection opens nothing more. */
  let switching = false;

  /** The API calls that recreate what the page asked so far. */
  const apiCalls = (): HostCall[] => {
    const { template } = getState();
    const calls: HostCall[] = [{ name: 'setAttributes', value: attributes }];
    if (identity) calls.push({ name: 'identify', value: identity });
    if (locale) calls.push({ name: 'setLocale', value: locale });
    if (template)
      calls.push({ name: 'startSession', value: { template, params: templateParams ?? {}, correlationId } });
    return calls;
  };

  const socket = (options.connect ?? io)(`${options.origin}/visitor`, {
    autoConnect: false,
    // WebSocket first, long-polling (by fetch) as the fallback. Given as implementations, so the
    // build can leave engine.io's XMLHttpRequest and WebTransport code out (build.mjs).
    transports: [WebSocket, Fetch],
    // A callback, so that every reconnect sends the token as it is now.
    auth: (send) => {
      const go = () => {
        sentToken = tokens.get();
        const auth: VisitorAuth = { siteKey, hostOrigin, ...(sentToken ? { token: sentToken } : {}) };
        send(auth);
      };
      if (tokens.get() || !navigator.locks) return go();
      // A new visitor: one tab of the site at a time connects without a token, until the server
      // has issued one (or the attempt failed); a tab opened in the same instant then connects
      // with it, as the same visitor. Without the lock (refused), it connects as before.
      navigator.locks
        .request(`parley:${siteKey}:token`, () => {
          go();
          return new Promise((done) => {
            for (const end of ['identity', 'connect_error', 'disconnect'] as const) socket.once(end, done);
          });
        })
        .catch(go);
    },
  });
  const transport = createVisitorTransport(socket);
  const delivery = createDelivery(transport, {
    onSession: (session) => dispatch({ type: 'session', session }),
    onEvent: (event) => dispatch({ type: 'event', event }),
    onOutbox: (entries) => dispatch({ type: 'outbox', entries }),
    onError: (error) => {
      resumeFailures += 1;
      dispatch({ type: 'error', error: toChatError(error, 'sync') });
    },
  });

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
    if (getState().error?.code === 'sync') dispatch({ type: 'error' });
    dispatch({ type: 'synced' });
    await ensureSession();
  };

  /** After the panel opened: starts a session when the visitor has none open. */
  const ensureSession = async (): Promise<void> => {
    const state = getState();
    if (!wantSession || openingSession || !state.synced || !socket.connected) return;
    if (activeSession(state)) {
      wantSession = false;
      return;
    }
    if (identifying) {
      await identifying;
      return switching ? undefined : ensureSession();
    }
    // The form shows in the panel; its answers come back here through `submitPrechat`.
    if (!state.site || needsPrechat(state)) return;
    openingSession = true;
    // A new conversation starts: the closed one no longer asks for feedback.
    dispatch({ type: 'moveOn' });
    const form = prechatForm(state);
    const answers = state.prechat;
    const prechat = answers && form.length > 0 ? pick(answers, form) : undefined;
    try {
      const result = await transport.open({
        info: await sessionInfo(),
        ...(prechat ? { prechat } : {}),
        ...(state.template ? { template: state.template, params: templateParams ?? {}, correlationId } : {}),
      });
      wantSession = false;
      if (!result.ok) {
        // Answers the server refused (the form changed since) are asked again.
        if (prechat && result.error.code === 'invalid_payload') dispatch({ type: 'prechat' });
        dispatch({ type: 'error', error: result.error });
        return;
      }
      dispatch({ type: 'template' });
      templateParams = undefined;
      delivery.receiveSync({ session: result.session, events: [] });
      if (delivery.timeline.lastSeq(result.session.id) < result.session.lastSeq) await resync();
    } catch (error) {
      // No answer. `wantSession` stays set: after a disconnect the next resume asks again (the
      // header already says "Reconnecting…"); on a live connection it was a timeout, shown and
      // retried here.
      if (socket.connected) {
        dispatch({ type: 'error', error: toChatError(error, 'timeout') });
        later(retryDelay, () => void ensureSession());
      }
    } finally {
      openingSession = false;
    }
  };

  /** What a new session is told of the visitor: the page's context, and what the API said. */
  const sessionInfo = async (): Promise<VisitorInfo> => {
    const info = await options.visitorInfo();
    return {
      ...info,
      ...(locale ? { locale } : {}),
      ...(identity?.name ? { name: identity.name } : {}),
      ...(identity?.email ? { email: identity.email } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes: { ...info.attributes, ...attributes } } : {}),
    };
  };

  /** The visitor is the site's user `id`, labelled with the name and email given. */
  const identified = (id: string, { name, email }: { name?: string; email?: string }) =>
    dispatch({ type: 'identified', user: { id, ...(name ? { name } : {}), ...(email ? { email } : {}) } });

  const sendIdentity = () => {
    const input = identity;
    if (!input || !socket.connected) return;
    identifying = transport
      .identify(input)
      .then(
        (result) => {
          if (!result.ok) {
            // The site's mistake (a wrong hash), not the visitor's: said in the console only.
            refused('identify', result.error);
            return;
          }
          identified(input.userId, input);
          if (result.token) {
            tokens.set(result.token);
            switching = true;
            options.onVisitorChanged?.(apiCalls());
          }
        },
        () => undefined, // No answer: the next connect sends it again.
      )
      .finally(() => {
        identifying = undefined;
      });
  };

  const sendAttributes = (changes: Record<string, Attributes[string] | null>) => {
    if (!socket.connected || Object.keys(changes).length === 0) return;
    transport.setAttributes({ attributes: changes }).then(
      (result) => {
        if (!result.ok) refused('setAttributes', result.error);
      },
      () => undefined,
    );
  };

  /** A write's own event comes in its ack only, never as `session.event` (issue 16). */
  const own = <T extends AckResult<{ event?: SessionEvent }>>(result: T): T => {
    if (result.ok && result.event) delivery.receive(result.event);
    return result;
  };

  /**
   * Sends a form's request for a session and tracks it in the state until its ack. A request on
   * its way is not sent twice; a retry after a failure keeps the client id, so the server stores
   * the submission once even when the first try did arrive. `settledBy`: a refusal meaning it is
   * done anyway (feedback already given, from another tab).
   */
  const submit = (
    kind: SubmissionKind,
    sessionId: string,
    request: (clientId: string) => Promise<AckResult<Written>>,
    settledBy?: string,
  ) => {
    const prior = getState().submissions[kind];
    const same = prior?.sessionId === sessionId;
    if (same && prior.state === 'sending') return;
    const clientId = same && prior.state === 'failed' ? prior.clientId : newClientId();
    dispatch({ type: 'submit', kind, sessionId, clientId });
    request(clientId).then(
      (result) => {
        own(result);
        const error = result.ok || result.error.code === settledBy ? undefined : result.error;
        dispatch({ type: 'submitted', kind, clientId, ...(error ? { error } : {}) });
      },
      (error: unknown) =>
        dispatch({ type: 'submitted', kind, clientId, error: toChatError(error, 'timeout') }),
    );
  };

  const expireTyping = ({ sessionId, author }: TypingNotice) => {
    cancel(typingExpiry.get(sessionId));
    typingExpiry.set(
      sessionId,
      later(TYPING_TTL_MS, () => dispatch({ type: 'typing', notice: { sessionId, author, on: false } })),
    );
  };

  const setTyping = (on: boolean) => {
    const session = activeSession(getState());
    if (session && socket.connected) socket.emit('typing', { sessionId: session.id, on });
  };

  /** Every event the server sends on `/visitor`, and what it becomes. */
  const serverEvents: VisitorServerEvents = {
    identity: ({ token, site, user }) => {
      if (token) tokens.set(token);
      // Optional at runtime: a server older than the widget sends none.
      if (site) dispatch({ type: 'site', site });
      // The name and email, unless the server sends them, are the page's identify's (same user).
      if (user) identified(user.id, { ...(identity?.userId === user.id ? identity : {}), ...user });
    },
    'session.event': (event) => delivery.receive(event),
    typing: (notice) => {
      dispatch({ type: 'typing', notice });
      if (notice.on) expireTyping(notice);
    },
    queue: (notice) => dispatch({ type: 'queue', notice }),
    read: ({ sessionId, party, seq }) =>
      dispatch({ type: 'read', marks: { [sessionId]: seq }, seen: party !== 'visitor' }),
    resync: signals.resync,
    heads: signals.heads,
    availability: ({ available }) => {
      const { site } = getState();
      if (site) dispatch({ type: 'site', site: { ...site, available } });
    },
  };
  socket.on('identity', serverEvents.identity);
  socket.on('session.event', serverEvents['session.event']);
  socket.on('typing', serverEvents.typing);
  socket.on('queue', serverEvents.queue);
  socket.on('read', serverEvents.read);
  socket.on('resync', serverEvents.resync);
  socket.on('heads', serverEvents.heads);
  socket.on('availability', serverEvents.availability);

  socket.on('connect', () => {
    everConnected = true;
    refusals.connected();
    dispatch({ type: 'connection', status: 'online' });
    // Before the resync, so that a session it opens is labelled already.
    sendIdentity();
    sendAttributes(attributes);
    void resync();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return;
    // `active`: Socket.IO reconnects by itself. Otherwise the server ended the connection on
    // purpose, and reconnecting in a loop would only repeat that.
    if (socket.active) dispatch({ type: 'connection', status: 'offline' });
    else dispatch({ type: 'connection', status: 'error', error: { code: 'disconnected', message: reason } });
  });
  socket.on('connect_error', (error) => {
    // A network failure: Socket.IO keeps trying. A refusal by the server: it stops, and so do we,
    // unless the refusal passes (too many connections, storage away: back off and come back,
    // forever) or is our stale token (the server lost the visitor): retry once without it.
    const { data } = error as Error & { data?: unknown };
    if (socket.active || refusals.refused(data)) {
      dispatch({ type: 'connection', status: everConnected ? 'offline' : 'connecting' });
      return;
    }
    if (isWireError(data) && data.code === 'unauthorized' && sentToken) {
      tokens.clear();
      socket.connect();
      return;
    }
    dispatch({ type: 'connection', status: 'error', error: toChatError(data ?? error, 'connect_failed') });
  });

  const commands: ChatCommands = {
    openPanel() {
      dispatch({ type: 'panel', open: true });
      wantSession = true;
      void ensureSession();
    },
    closePanel() {
      dispatch({ type: 'panel', open: false });
    },
    togglePanel() {
      if (getState().open) commands.closePanel();
      else commands.openPanel();
    },
    send(text, attachmentId) {
      const trimmed = text.trim();
      if (!trimmed && !attachmentId) return;
      if (typingOff !== undefined) {
        cancel(typingOff);
        typingOff = undefined;
        setTyping(false);
      }
      const session = activeSession(getState());
      void delivery.send({
        ...(session ? { sessionId: session.id } : {}),
        ...(trimmed ? { text: trimmed } : {}),
        ...(attachmentId ? { attachmentId } : {}),
      });
    },
    fileHeaders: () => ({
      authorization: `Bearer ${tokens.get()}`,
      'x-parley-role': 'visitor',
      'x-parley-site': siteKey,
    }),
    retry(clientId) {
      void delivery.retry(clientId);
    },
    ask(event, payload) {
      return answered((socket.timeout(ACK_TIMEOUT_MS).emitWithAck as AskEmit)(event, payload).then(own));
    },
    endChat() {
      const session = activeSession(getState());
      if (!session) return;
      transport.close(session.id).then(
        (result) => {
          own(result);
          if (!result.ok) dispatch({ type: 'error', error: result.error });
        },
        (error: unknown) => dispatch({ type: 'error', error: toChatError(error, 'timeout') }),
      );
    },
    handoff() {
      const session = activeSession(getState());
      if (session?.status !== 'bot') return;
      submit('handoff', session.id, () => transport.handoff(session.id));
    },
    submitOffline(sessionId, fields) {
      submit('offline', sessionId, (clientId) => transport.submitOffline({ sessionId, clientId, fields }));
    },
    sendFeedback(sessionId, score, review, tag) {
      const text = review.trim();
      const given = { score, ...(text ? { review: text } : {}), ...(tag ? { tag } : {}) };
      submit(
        'feedback',
        sessionId,
        (clientId) => transport.feedback({ sessionId, clientId, ...given }),
        'conflict',
      );
    },
    newConversation() {
      dispatch({ type: 'moveOn' });
      // The next conversation starts now, so that its welcome is there before the visitor types.
      wantSession = true;
      void ensureSession();
    },
    submitPrechat(answers) {
      dispatch({ type: 'prechat', answers });
      wantSession = true;
      void ensureSession();
    },
    identify(input) {
      identity = input;
      sendIdentity();
    },
    setAttributes(changes) {
      attributes = mergeAttributes(attributes, changes);
      sendAttributes(changes);
    },
    setLocale(next) {
      locale = next;
    },
    startSession(template, params, correlation) {
      if (!activeSession(getState())) {
        dispatch({ type: 'template', name: template });
        templateParams = params;
        correlationId = correlation;
      }
      commands.openPanel();
    },
    noteTyping() {
      if (typingOff === undefined) setTyping(true);
      cancel(typingOff);
      typingOff = later(TYPING_IDLE_MS, () => {
        typingOff = undefined;
        setTyping(false);
      });
    },
    history: (before) => answered(transport.history(before ? { before } : {})),
    conversation: (sessionId) => answered(transport.transcript(sessionId)),
    emailTranscript: (payload) => answered(transport.emailTranscript(payload)),
    reconnect() {
      dispatch({ type: 'connection', status: 'connecting' });
      socket.connect();
    },
    dismissError() {
      dispatch({ type: 'error' });
    },
  };

  return {
    store,
    commands,
    start: () => void socket.connect(),
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
