/**
 * The widget's state and the pure reducer over it: no DOM, no socket, no clock. `chat-connection`
 * turns socket and delivery callbacks into these actions; components only read the state.
 */
import type { OutboxEntry } from '@parley/client';
import type {
  Author,
  MessageEvent,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  TypingNotice,
  VisitorSendInput,
} from '@parley/protocol';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'error';

/** A failure to show: a wire error code, or one of the widget's own. */
export interface ChatError {
  code: string;
  message: string;
}

/** What the widget knows of a session: from a summary, or from its events alone. */
export interface ChatSession {
  id: string;
  status: SessionStatus;
  /** The seq at which `status` was true; an older summary or event does not overwrite it. */
  statusSeq: number;
  createdAt: number;
}

/** One of the visitor's own messages not yet back from the server as an event. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** `sent`: acked, waiting for its event (which replaces it) so it never flickers away. */
  state: 'sending' | 'failed' | 'sent';
  error?: ChatError;
}

export interface ChatState {
  connection: ConnectionStatus;
  /** Why the connection is in `error`. */
  connectionError?: ChatError;
  /** The first resume finished: events from now on are news, worth announcing. */
  synced: boolean;
  open: boolean;
  /** Session ids, oldest first. */
  order: string[];
  sessions: Record<string, ChatSession>;
  /** Each session's events in seq order. */
  events: Record<string, SessionEvent[]>;
  outbox: PendingMessage[];
  /** Who (other than the visitor) is typing, by session. */
  typing: Record<string, Author>;
  /** The latest message from someone else since the first sync, for the live region. */
  announcement?: MessageEvent;
  /** A command that failed (closing a session, opening one). */
  error?: ChatError;
}

export type ChatAction =
  | { type: 'connection'; status: ConnectionStatus; error?: ChatError }
  | { type: 'synced' }
  | { type: 'panel'; open: boolean }
  | { type: 'session'; session: SessionSummary }
  | { type: 'event'; event: SessionEvent }
  | { type: 'outbox'; entries: OutboxEntry<VisitorSendInput>[] }
  | { type: 'typing'; notice: TypingNotice }
  | { type: 'error'; error?: ChatError };

export function initialChatState(open = false): ChatState {
  return {
    connection: 'connecting',
    synced: false,
    open,
    order: [],
    sessions: {},
    events: {},
    outbox: [],
    typing: {},
  };
}

const sortSessions = (sessions: Record<string, ChatSession>): string[] =>
  Object.values(sessions)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .map((session) => session.id);

const withSession = (state: ChatState, session: ChatSession): ChatState => {
  const sessions = { ...state.sessions, [session.id]: session };
  return { ...state, sessions, order: sortSessions(sessions) };
};

/** The events list with `event` at its seq position; the same list when it is a duplicate. */
const insertBySeq = (events: SessionEvent[], event: SessionEvent): SessionEvent[] => {
  const last = events[events.length - 1];
  if (!last || last.seq < event.seq) return [...events, event];
  if (events.some((e) => e.seq === event.seq)) return events;
  return [...events.filter((e) => e.seq < event.seq), event, ...events.filter((e) => e.seq > event.seq)];
};

const hasMessage = (state: ChatState, clientId: string): boolean =>
  Object.values(state.events).some((events) =>
    events.some((e) => e.type === 'message' && e.clientId === clientId),
  );

const fromEntry = (entry: OutboxEntry<VisitorSendInput>): PendingMessage => ({
  clientId: entry.clientId,
  text: entry.payload.text,
  state: entry.state,
  ...(entry.error ? { error: entry.error } : {}),
});

function applyEvent(state: ChatState, event: SessionEvent): ChatState {
  const events = state.events[event.sessionId] ?? [];
  const inserted = insertBySeq(events, event);
  if (inserted === events) return state;
  let next: ChatState = { ...state, events: { ...state.events, [event.sessionId]: inserted } };

  const known = state.sessions[event.sessionId];
  if (!known) {
    next = withSession(next, {
      id: event.sessionId,
      status: event.type === 'session.changed' ? event.to : 'created',
      statusSeq: event.seq,
      createdAt: event.at,
    });
  } else if (event.type === 'session.changed' && event.seq >= known.statusSeq) {
    next = withSession(next, { ...known, status: event.to, statusSeq: event.seq });
  }

  if (event.type === 'message') {
    const outbox = next.outbox.filter((pending) => pending.clientId !== event.clientId);
    if (outbox.length !== next.outbox.length) next = { ...next, outbox };
    const typist = next.typing[event.sessionId];
    if (typist && typist.id === event.author.id) {
      const { [event.sessionId]: _, ...typing } = next.typing;
      next = { ...next, typing };
    }
    if (state.synced && event.author.role !== 'visitor') next = { ...next, announcement: event };
  }
  return next;
}

function applySummary(state: ChatState, summary: SessionSummary): ChatState {
  const known = state.sessions[summary.id];
  const statusIsNewer = !known || summary.lastSeq >= known.statusSeq;
  return withSession(state, {
    id: summary.id,
    status: statusIsNewer ? summary.status : (known?.status ?? summary.status),
    statusSeq: statusIsNewer ? summary.lastSeq : (known?.statusSeq ?? summary.lastSeq),
    createdAt: summary.createdAt,
  });
}

/**
 * Mirrors delivery's outbox, keeping entries delivery has dropped after their ack until their
 * event arrives (as `sent`), and never listing one whose event is already shown.
 */
function applyOutbox(state: ChatState, entries: OutboxEntry<VisitorSendInput>[]): ChatState {
  const byId = new Map(entries.map((entry) => [entry.clientId, entry]));
  const kept = state.outbox.map((pending): PendingMessage => {
    const entry = byId.get(pending.clientId);
    return entry ? fromEntry(entry) : { clientId: pending.clientId, text: pending.text, state: 'sent' };
  });
  const added = entries
    .filter((entry) => !state.outbox.some((pending) => pending.clientId === entry.clientId))
    .map(fromEntry);
  return { ...state, outbox: [...kept, ...added].filter((pending) => !hasMessage(state, pending.clientId)) };
}

function applyTyping(state: ChatState, { sessionId, author, on }: TypingNotice): ChatState {
  if (author.role === 'visitor') return state;
  if (on) return { ...state, typing: { ...state.typing, [sessionId]: author } };
  if (state.typing[sessionId]?.id !== author.id) return state;
  const { [sessionId]: _, ...typing } = state.typing;
  return { ...state, typing };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connection': {
      const { connectionError: _, ...rest } = state;
      return action.error
        ? { ...rest, connection: action.status, connectionError: action.error }
        : { ...rest, connection: action.status };
    }
    case 'synced':
      return state.synced ? state : { ...state, synced: true };
    case 'panel':
      return state.open === action.open ? state : { ...state, open: action.open };
    case 'session':
      return applySummary(state, action.session);
    case 'event':
      return applyEvent(state, action.event);
    case 'outbox':
      return applyOutbox(state, action.entries);
    case 'typing':
      return applyTyping(state, action.notice);
    case 'error': {
      const { error: _, ...rest } = state;
      return action.error ? { ...rest, error: action.error } : rest;
    }
  }
}

/** The newest session that is not closed: where the visitor's next message goes. */
export function activeSession(state: ChatState): ChatSession | undefined {
  for (let i = state.order.length - 1; i >= 0; i--) {
    const session = state.sessions[state.order[i] ?? ''];
    if (session && session.status !== 'closed') return session;
  }
  return undefined;
}
