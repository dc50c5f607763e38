/**
 * The desk's pure reducer: no DOM, no socket, no clock, no storage. `desk-connection` turns
 * socket, delivery and storage callbacks into actions (see `desk-state.ts`); components only
 * read the state.
 */
import { hasMessage, insertBySeq, mirrorOutbox, type OutboxEntry } from '@parley/client';
import type {
  AgentSendInput,
  OfflineEntry,
  Presence,
  SessionEvent,
  SessionSummary,
  TypingNotice,
  VisitorRef,
} from '@parley/protocol';
import {
  type Chat,
  type DeskAction,
  type DeskState,
  initialDeskState,
  type PendingMessage,
  type Preview,
} from './desk-state.js';
import { recordsReducer } from './records-reducer.js';
import { supervisorReducer } from './supervisor-state.js';

const agentIdOf = (state: DeskState): string | undefined =>
  state.auth.status === 'in' ? state.auth.agent.id : undefined;

/** Whether a summary says the session is this agent's chat right now. */
const isMine = (session: SessionSummary, agentId: string | undefined): boolean =>
  session.status === 'assigned' && session.handler?.kind === 'agent' && session.handler.id === agentId;

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  if (!(key in record)) return record;
  const { [key]: _, ...rest } = record;
  return rest;
};

/** A read mark moved forward, or the same object when it did not. */
const later = (marks: Record<string, number>, sessionId: string, seq: number) =>
  seq > (marks[sessionId] ?? 0) ? { ...marks, [sessionId]: seq } : marks;

function applySession(
  state: DeskState,
  { session, seen, self }: { session: SessionSummary; seen: number; self: boolean },
): DeskState {
  const mine = isMine(session, agentIdOf(state));
  const known = state.chats[session.id];
  // A dismissed chat comes back only when it is the agent's again.
  if (!known && state.dismissed[session.id] && !mine) return state;
  const statusIsNewer = !known || session.lastSeq >= known.statusSeq;
  const chat: Chat = statusIsNewer
    ? { id: session.id, session, status: session.status, statusSeq: session.lastSeq, ended: !mine }
    : { ...known, session };
  const newlyMine = statusIsNewer && mine && (!known || known.ended);
  // A chat given to the agent opens by itself while they look at the queue (not when they are in
  // another chat, a search or the audit log: that would pull them away mid-sentence).
  const opens = newlyMine && state.synced && !self && state.view.kind === 'queue';
  // Issue 14: the server's read marks, the agent's own (from any device) and the visitor's.
  const marks = { seen: Math.max(seen, session.read?.agent ?? 0), visitorRead: session.read?.visitor ?? 0 };
  return {
    ...state,
    ...(opens ? { view: { kind: 'chat', sessionId: session.id } } : {}),
    chats: { ...state.chats, [session.id]: chat },
    dismissed: mine ? without(state.dismissed, session.id) : state.dismissed,
    seen: later(state.seen, session.id, marks.seen),
    visitorRead: later(state.visitorRead, session.id, marks.visitorRead),
    // Chats the agent had before the first sync (a reload) are not news; one they accepted is not either.
    alerts: newlyMine && state.synced && !self ? state.alerts + 1 : state.alerts,
  };
}

function applyEvent(state: DeskState, event: SessionEvent): DeskState {
  const events = state.events[event.sessionId] ?? [];
  const inserted = insertBySeq(events, event);
  if (inserted === events) return state;
  let next: DeskState = { ...state, events: { ...state.events, [event.sessionId]: inserted } };

  const chat = state.chats[event.sessionId];
  if (chat && event.type === 'session.changed' && event.seq >= chat.statusSeq) {
    // The server sends a chat's events only while it is the agent's, and the change that takes
    // it away; an `assigned` by someone else is a colleague's (seen in a replay).
    const me = agentIdOf(state);
    const takenBySomeoneElse = event.by?.role === 'agent' && event.by.id !== me;
    // Who has it now, when the change says (a transfer to a colleague is an `assigned` by us).
    const notMine =
      event.handler === undefined
        ? takenBySomeoneElse
        : !(event.handler?.kind === 'agent' && event.handler.id === me);
    const ended = event.to !== 'assigned' || notMine;
    // The summary follows: who has the chat now tells where it went ("With Bob", not "Ended").
    const session =
      event.handler === undefined
        ? chat.session
        : { ...chat.session, status: event.to, handler: event.handler };
    next = {
      ...next,
      chats: {
        ...next.chats,
        [chat.id]: { ...chat, session, status: event.to, statusSeq: event.seq, ended },
      },
    };
  }
  if (event.type === 'message') {
    const outbox = next.outbox.filter((pending) => pending.clientId !== event.clientId);
    if (outbox.length !== next.outbox.length) next = { ...next, outbox };
    if (event.author.role === 'visitor') next = { ...next, typing: without(next.typing, event.sessionId) };
  }
  return next;
}

const fromEntry = (entry: OutboxEntry<AgentSendInput>): PendingMessage => ({
  clientId: entry.clientId,
  sessionId: entry.payload.sessionId,
  text: entry.payload.text ?? '',
  state: entry.state,
  ...(entry.error ? { error: entry.error } : {}),
});

/**
 * Mirrors delivery's outbox, keeping entries delivery has dropped after their ack until their
 * event arrives (as `sent`), and never listing one whose event is already shown.
 */
function applyOutbox(state: DeskState, entries: OutboxEntry<AgentSendInput>[]): DeskState {
  const outbox = mirrorOutbox(state.outbox, entries, {
    show: fromEntry,
    sent: (pending): PendingMessage => ({ ...pending, state: 'sent' }),
    shown: (clientId) => hasMessage(state.events, clientId),
  });
  return { ...state, outbox };
}

function applyTyping(state: DeskState, { sessionId, author, on }: TypingNotice): DeskState {
  if (author.role !== 'visitor') return state;
  if (on)
    return state.typing[sessionId] ? state : { ...state, typing: { ...state.typing, [sessionId]: true } };
  return { ...state, typing: without(state.typing, sessionId) };
}

/** Keeps the newest of two presences of one agent (an ack and a broadcast may cross). */
const newer = (known: Presence | undefined, incoming: Presence): Presence =>
  known && known.since > incoming.since ? known : incoming;

function applyPresence(state: DeskState, presence: Presence): DeskState {
  const kept = newer(state.team[presence.agentId], presence);
  const own = presence.agentId === agentIdOf(state);
  return {
    ...state,
    team: { ...state.team, [presence.agentId]: kept },
    presence: own ? newer(state.presence, presence) : state.presence,
  };
}

const sameOffline = (a: OfflineEntry, b: OfflineEntry): boolean =>
  a.session.id === b.session.id && a.form.seq === b.form.seq;

function applyDismiss(state: DeskState, sessionId: string): DeskState {
  const chat = state.chats[sessionId];
  if (!chat?.ended) return state;
  const viewing = state.view.kind === 'chat' && state.view.sessionId === sessionId;
  return {
    ...state,
    chats: without(state.chats, sessionId),
    dismissed: { ...state.dismissed, [sessionId]: true },
    view: viewing ? { kind: 'queue' } : state.view,
  };
}

/** A preview answer counts only while that preview is still the one open. */
function applyPreview(state: DeskState, preview: Preview | undefined): DeskState {
  if (!preview) {
    const { preview: _, ...rest } = state;
    return rest;
  }
  if (preview.status !== 'loading' && state.preview?.sessionId !== preview.sessionId) return state;
  return { ...state, preview };
}

/**
 * An admin erased a visitor here: the desk forgets what it holds of them (their chats' messages
 * and details, offline messages, a preview), keeping each chat as an erased shell until
 * dismissed, so nothing of theirs stays on screen.
 */
function applyErased(state: DeskState, visitor: VisitorRef): DeskState {
  const theirs = (session: SessionSummary) =>
    session.siteKey === visitor.siteKey && session.visitorId === visitor.visitorId;
  const ids = new Set(Object.values(state.chats).flatMap((chat) => (theirs(chat.session) ? [chat.id] : [])));
  let next: DeskState = state;
  if (ids.size > 0) {
    const chats = { ...state.chats };
    let { events, typing } = state;
    for (const id of ids) {
      const chat = chats[id];
      if (chat) chats[id] = { ...chat, erased: true, session: { ...chat.session, visitor: {}, data: {} } };
      events = without(events, id);
      typing = without(typing, id);
    }
    const outbox = state.outbox.filter((pending) => !ids.has(pending.sessionId));
    next = { ...next, chats, events, typing, outbox };
  }
  const offline = next.offline.filter((entry) => !theirs(entry.session));
  const queue = next.queue.filter((entry) => !theirs(entry.session));
  if (offline.length !== next.offline.length) next = { ...next, offline };
  if (queue.length !== next.queue.length) next = { ...next, queue };
  if (next.preview?.status === 'ready' && theirs(next.preview.sync.session)) {
    const { preview: _, ...rest } = next;
    next = rest;
  }
  return next;
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'login.started':
      return { ...initialDeskState(), sso: state.sso, auth: { status: 'out', busy: true } };
    case 'auth.failed':
      return {
        ...initialDeskState(),
        sso: state.sso,
        auth: { status: 'out', busy: false, error: action.error },
      };
    case 'logged.in':
      return { ...initialDeskState(action.agent), sso: state.sso };
    case 'logged.out':
      return { ...initialDeskState(undefined, action.error), sso: state.sso };
    case 'sso.providers':
      return { ...state, sso: action.providers };
    case 'connection': {
      const { connectionError: _, ...rest } = state;
      return action.error
        ? { ...rest, connection: action.status, connectionError: action.error }
        : { ...rest, connection: action.status };
    }
    case 'welcome': {
      const withAgent: DeskState =
        state.auth.status === 'in' ? { ...state, auth: { status: 'in', agent: action.agent } } : state;
      const { reasons, directory } = action;
      return applyPresence(
        {
          ...withAgent,
          reasons,
          directory,
          email: action.email ?? false,
          activeSite: action.activeSite ?? null,
        },
        action.presence,
      );
    }
    case 'site.active':
      return { ...state, activeSite: action.siteKey };
    case 'site.filter':
      return { ...state, siteFilter: action.siteKey };
    case 'synced':
      return state.synced ? state : { ...state, synced: true };
    case 'presence':
      return applyPresence(state, action.presence);
    case 'team':
      return action.agents.reduce(applyPresence, { ...state, reasons: action.reasons });
    case 'queue':
      return { ...state, queue: action.entries };
    case 'offline.list':
      return { ...state, offline: action.entries };
    case 'offline.new':
      // Known already: the entry as it is now (issue 15: assigned, done) takes its place.
      if (state.offline.some((entry) => sameOffline(entry, action.entry))) {
        return {
          ...state,
          offline: state.offline.map((entry) => (sameOffline(entry, action.entry) ? action.entry : entry)),
        };
      }
      return { ...state, offline: [action.entry, ...state.offline] };
    case 'session':
      return applySession(state, action);
    case 'event':
      return applyEvent(state, action.event);
    case 'outbox':
      return applyOutbox(state, action.entries);
    case 'typing':
      return applyTyping(state, action.notice);
    case 'seen': {
      const seen = later(state.seen, action.sessionId, action.seq);
      return seen === state.seen ? state : { ...state, seen };
    }
    case 'visitorRead': {
      const visitorRead = later(state.visitorRead, action.sessionId, action.seq);
      return visitorRead === state.visitorRead ? state : { ...state, visitorRead };
    }
    case 'dismiss':
      return applyDismiss(state, action.sessionId);
    case 'show':
      return { ...state, view: action.view };
    case 'preview':
      return applyPreview(state, action.preview);
    case 'sound':
      return state.soundBlocked === action.blocked ? state : { ...state, soundBlocked: action.blocked };
    case 'error': {
      const { error: _, ...rest } = state;
      return action.error ? { ...rest, error: action.error } : rest;
    }
    case 'erased':
      return applyErased({ ...state, records: recordsReducer(state.records, action) }, action.visitor);
    case 'search.asked':
    case 'search.answered':
    case 'transcript':
    case 'history.asked':
    case 'history.answered':
    case 'audit.asked':
    case 'audit.answered': {
      const records = recordsReducer(state.records, action);
      return records === state.records ? state : { ...state, records };
    }
    case 'team.view':
    case 'monitor.opened':
    case 'monitor.closed':
    case 'monitor.event':
    case 'note': {
      const supervision = supervisorReducer(state.supervision, action);
      return supervision === state.supervision ? state : { ...state, supervision };
    }
  }
}
