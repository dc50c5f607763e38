/**
 * The widget's state and the pure reducer over it: no DOM, no socket, no clock. `chat-connection`
 * turns socket and delivery callbacks into these actions; components only read the state.
 */
import { hasMessage, insertBySeq, mirrorOutbox, type OutboxEntry } from '@parley/client';
import type {
  Author,
  FormField,
  FormFields,
  IdentifiedUser,
  MessageEvent,
  QueueNotice,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  SiteInfo,
  StatusEvent,
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
  /** `sent`: acked, its event held behind a gap until a resync (it replaces this), so it never flickers away. */
  state: 'sending' | 'failed' | 'sent';
  error?: ChatError;
}

/** What the live region says: a message from someone else, a status change, a place in line. */
export type Announcement =
  | { kind: 'message'; event: MessageEvent }
  | { kind: 'status'; event: StatusEvent }
  | { kind: 'queue'; notice: QueueNotice };

/** What the visitor asks for with a button or a form, each request tracked until its ack. */
export type SubmissionKind = 'handoff' | 'offline' | 'feedback';

/**
 * One such request, for one session. `clientId` is kept across retries of the same
 * submission, so the server stores it once however often the visitor presses the button.
 */
export interface Submission {
  sessionId: string;
  clientId: string;
  state: 'sending' | 'failed' | 'done';
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
  /** The latest news since the first sync, for the live region. */
  announcement?: Announcement;
  /** A command that failed (closing a session, opening one). */
  error?: ChatError;
  /** The site, from `identity`: its texts, feedback scale and offline form. */
  site?: SiteInfo;
  /** The place in line of a queued session, kept until that session leaves `queued`. */
  queue?: QueueNotice;
  submissions: Partial<Record<SubmissionKind, Submission>>;
  /** A closed session the visitor has moved on from: its feedback request is no longer shown. */
  movedOn?: string;
  /** Who the site said the visitor is (`Parley('identify')`): no pre-chat form is asked. */
  identified?: IdentifiedUser;
  /** The visitor's pre-chat answers, kept for their next sessions. */
  prechat?: FormFields;
  /** The session template a `startSession` asked for, until its session opens. */
  template?: string;
  /** By session, the seq up to which the visitor has seen it (in any tab): the rest is unread. */
  readUpTo: Record<string, number>;
  /** By session, the seq up to which the agent or the bot read it (issue 14): "Seen". */
  seenUpTo?: Record<string, number>;
}

/** What a state starts from: the panel's open state and what this browser remembers. */
export interface ChatMemory {
  open?: boolean;
  prechat?: FormFields;
  readUpTo?: Record<string, number>;
}

export type ChatAction =
  | { type: 'connection'; status: ConnectionStatus; error?: ChatError }
  | { type: 'synced' }
  | { type: 'panel'; open: boolean }
  | { type: 'session'; session: SessionSummary }
  | { type: 'event'; event: SessionEvent }
  | { type: 'outbox'; entries: OutboxEntry<VisitorSendInput>[] }
  | { type: 'typing'; notice: TypingNotice }
  | { type: 'error'; error?: ChatError }
  | { type: 'site'; site: SiteInfo }
  | { type: 'queue'; notice: QueueNotice }
  | { type: 'submit'; kind: SubmissionKind; sessionId: string; clientId: string }
  | { type: 'submitted'; kind: SubmissionKind; clientId: string; error?: ChatError }
  /** The visitor starts a new conversation after the latest one closed. */
  | { type: 'moveOn' }
  | { type: 'identified'; user: IdentifiedUser }
  /** Pre-chat answers given (or dropped when the server refused them). */
  | { type: 'prechat'; answers?: FormFields }
  | { type: 'template'; name?: string }
  /**
   * Read marks from another tab, or the server's (issue 14): the visitor's from any device, or
   * with `seen` the agent's or bot's. The later mark of each session wins.
   */
  | { type: 'read'; marks: Record<string, number>; seen?: boolean };

export function initialChatState({ open = false, prechat, readUpTo = {} }: ChatMemory = {}): ChatState {
  return {
    connection: 'connecting',
    synced: false,
    open,
    order: [],
    sessions: {},
    events: {},
    outbox: [],
    typing: {},
    submissions: {},
    readUpTo,
    ...(prechat ? { prechat } : {}),
  };
}

/** The newest seq of each session with a message, as read marks. */
const seenNow = (state: ChatState): Record<string, number> => {
  const marks: Record<string, number> = {};
  for (const [sessionId, events] of Object.entries(state.events)) {
    const last = events[events.length - 1];
    if (last) marks[sessionId] = last.seq;
  }
  return marks;
};

/**
 * Read marks merged, the visitor's (`readUpTo`) or, when `seen`, the other side's (`seenUpTo`):
 * the later of each session's. Unchanged (the same object) when nothing moved.
 */
function withReadMarks(state: ChatState, marks: Record<string, number>, seen?: boolean): ChatState {
  const key = seen ? 'seenUpTo' : 'readUpTo';
  const before = state[key] ?? {};
  let after = before;
  for (const [sessionId, seq] of Object.entries(marks)) {
    if ((after[sessionId] ?? 0) >= seq) continue;
    after = { ...after, [sessionId]: seq };
  }
  return after === before ? state : { ...state, [key]: after };
}

/** While the panel is open, whatever it shows counts as read. */
const readIfOpen = (state: ChatState): ChatState =>
  state.open ? withReadMarks(state, seenNow(state)) : state;

/**
 * Messages from the bot or an agent past the visitor's read marks: the launcher's badge.
 * @example unreadCount(state) // 2
 */
export function unreadCount(state: ChatState): number {
  let count = 0;
  for (const [sessionId, events] of Object.entries(state.events)) {
    const read = state.readUpTo[sessionId] ?? 0;
    for (let i = events.length - 1; i >= 0 && (events[i]?.seq ?? 0) > read; i--) {
      const event = events[i];
      if (event?.type === 'message' && event.author.role !== 'visitor') count++;
    }
  }
  return count;
}

/**
 * The pre-chat form to ask before the next session opens: the template's (when `startSession`
 * named one with its own), else the site's; none for an identified visitor.
 */
export function prechatForm(state: ChatState): readonly FormField[] {
  if (state.identified || !state.site) return [];
  const ofTemplate = state.template ? state.site.templates[state.template]?.prechatForm : undefined;
  return ofTemplate ?? state.site.prechatForm;
}

/** Whether the next session waits for the pre-chat form: one applies, and it is not answered. */
export const needsPrechat = (state: ChatState): boolean => prechatForm(state).length > 0 && !state.prechat;

/** Status changes worth a line in the conversation (and an announcement); the rest are plumbing. */
export function isShownStatus({ from, to }: StatusEvent): boolean {
  if (to === 'bot') return from === 'queued' || from === 'assigned';
  return to !== from && (to === 'queued' || to === 'assigned' || to === 'offline' || to === 'closed');
}

/** The place in line is news only while its session is queued. */
const withoutStaleQueue = (state: ChatState, sessionId: string, status: SessionStatus): ChatState => {
  if (status === 'queued' || state.queue?.sessionId !== sessionId) return state;
  const { queue: _, ...rest } = state;
  return rest;
};

const sortSessions = (sessions: Record<string, ChatSession>): string[] =>
  Object.values(sessions)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .map((session) => session.id);

const withSession = (state: ChatState, session: ChatSession): ChatState => {
  const sessions = { ...state.sessions, [session.id]: session };
  return { ...state, sessions, order: sortSessions(sessions) };
};

const fromEntry = (entry: OutboxEntry<VisitorSendInput>): PendingMessage => ({
  clientId: entry.clientId,
  // A file sent alone has no text: its bubble is the file, once its event is in.
  text: entry.payload.text ?? '',
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
  if (event.type === 'session.changed') {
    next = withoutStaleQueue(next, event.sessionId, next.sessions[event.sessionId]?.status ?? event.to);
    if (state.synced && isShownStatus(event)) next = { ...next, announcement: { kind: 'status', event } };
  }

  if (event.type === 'message') {
    const outbox = next.outbox.filter((pending) => pending.clientId !== event.clientId);
    if (outbox.length !== next.outbox.length) next = { ...next, outbox };
    const typist = next.typing[event.sessionId];
    if (typist && typist.id === event.author.id) {
      const { [event.sessionId]: _, ...typing } = next.typing;
      next = { ...next, typing };
    }
    if (state.synced && event.author.role !== 'visitor')
      next = { ...next, announcement: { kind: 'message', event } };
  }
  return next;
}

function applySummary(state: ChatState, summary: SessionSummary): ChatState {
  const known = state.sessions[summary.id];
  const statusIsNewer = !known || summary.lastSeq >= known.statusSeq;
  const status = statusIsNewer ? summary.status : (known?.status ?? summary.status);
  const next = withSession(state, {
    id: summary.id,
    status,
    statusSeq: statusIsNewer ? summary.lastSeq : (known?.statusSeq ?? summary.lastSeq),
    createdAt: summary.createdAt,
  });
  // Issue 14: the server's read marks, the visitor's from any device, the other side's for "Seen".
  let marked = next;
  for (const [party, seq] of Object.entries(summary.read ?? {}))
    marked = withReadMarks(marked, { [summary.id]: seq }, party !== 'visitor');
  return withoutStaleQueue(marked, summary.id, status);
}

function applyQueue(state: ChatState, notice: QueueNotice): ChatState {
  const { queue } = state;
  const same =
    queue?.sessionId === notice.sessionId &&
    queue.position === notice.position &&
    queue.etaSeconds === notice.etaSeconds;
  if (same) return state;
  // A notice may come before the event that queues its session, so it is kept unless the
  // session is known to be past the queue; the panel shows it only while the session is queued.
  const status = state.sessions[notice.sessionId]?.status;
  if (status === 'assigned' || status === 'offline' || status === 'closed') return state;
  return {
    ...state,
    queue: notice,
    ...(state.synced && status === 'queued' ? { announcement: { kind: 'queue', notice } } : {}),
  };
}

function applySubmit(state: ChatState, kind: SubmissionKind, sessionId: string, clientId: string): ChatState {
  const submission: Submission = { sessionId, clientId, state: 'sending' };
  return { ...state, submissions: { ...state.submissions, [kind]: submission } };
}

function applySubmitted(
  state: ChatState,
  kind: SubmissionKind,
  clientId: string,
  error?: ChatError,
): ChatState {
  const current = state.submissions[kind];
  // An ack of an earlier submission (another session's form) changes nothing.
  if (current?.clientId !== clientId) return state;
  const submission: Submission = error
    ? { sessionId: current.sessionId, clientId, state: 'failed', error }
    : { sessionId: current.sessionId, clientId, state: 'done' };
  return { ...state, submissions: { ...state.submissions, [kind]: submission } };
}

/**
 * Mirrors delivery's outbox, keeping entries delivery has dropped after their ack until their
 * event arrives (as `sent`), and never listing one whose event is already shown.
 */
function applyOutbox(state: ChatState, entries: OutboxEntry<VisitorSendInput>[]): ChatState {
  const outbox = mirrorOutbox(state.outbox, entries, {
    show: fromEntry,
    sent: (pending): PendingMessage => ({ clientId: pending.clientId, text: pending.text, state: 'sent' }),
    shown: (clientId) => hasMessage(state.events, clientId),
  });
  return { ...state, outbox };
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
      return state.open === action.open ? state : readIfOpen({ ...state, open: action.open });
    case 'session':
      return applySummary(state, action.session);
    case 'event':
      return readIfOpen(applyEvent(state, action.event));
    case 'outbox':
      return applyOutbox(state, action.entries);
    case 'typing':
      return applyTyping(state, action.notice);
    case 'error': {
      const { error: _, ...rest } = state;
      return action.error ? { ...rest, error: action.error } : rest;
    }
    case 'site':
      return { ...state, site: action.site };
    case 'queue':
      return applyQueue(state, action.notice);
    case 'submit':
      return applySubmit(state, action.kind, action.sessionId, action.clientId);
    case 'submitted':
      return applySubmitted(state, action.kind, action.clientId, action.error);
    case 'identified':
      return { ...state, identified: action.user };
    case 'prechat': {
      const { prechat: _, ...rest } = state;
      return action.answers ? { ...rest, prechat: action.answers } : rest;
    }
    case 'template': {
      const { template: _, ...rest } = state;
      return action.name ? { ...rest, template: action.name } : rest;
    }
    case 'read':
      return withReadMarks(state, action.marks, action.seen);
    case 'moveOn': {
      const latest = latestSession(state);
      return latest?.status === 'closed' && state.movedOn !== latest.id
        ? { ...state, movedOn: latest.id }
        : state;
    }
  }
}

/** The newest session, open or not: what the bottom of the panel is about. */
export function latestSession(state: ChatState): ChatSession | undefined {
  return state.sessions[state.order[state.order.length - 1] ?? ''];
}

/** The newest session that is not closed: where the visitor's next message goes. */
export function activeSession(state: ChatState): ChatSession | undefined {
  for (let i = state.order.length - 1; i >= 0; i--) {
    const session = state.sessions[state.order[i] ?? ''];
    if (session && session.status !== 'closed') return session;
  }
  return undefined;
}
