import type {
  AgentNote,
  Handler,
  Note,
  OfflineEntry,
  QueueEntry,
  QueueNotice,
  ReadNotice,
  SessionEvent,
  SessionSummary,
  SessionSync,
  TypingNotice,
} from '@parley/protocol';
import type { AgentNamespace, BotNamespace, VisitorNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionHead } from '../store/session-store.js';
import type { Heads } from './heads.js';

/** What a bot or an agent hears of the sessions they handle. */
interface HandlerChannel {
  event(event: SessionEvent): void;
  created(sync: SessionSync): void;
  updated(session: SessionSummary): void;
  typing(notice: TypingNotice): void;
  read(notice: ReadNotice): void;
}

const sameHandler = (a: Handler | null | undefined, b: Handler | null | undefined) =>
  a?.kind === b?.kind && a?.id === b?.id;

/**
 * Who hears about what: every new event goes to every tab of the session's visitor and to the
 * bot or agent handling it, but never to the socket that wrote it (its ack carries it, issue 16);
 * a change that takes a session away from a bot or agent also reaches
 * them, and they then hear nothing more of it (a closed session keeps its last handler, so its
 * agent still sees the visitor's feedback).
 */
export function createPublisher(
  namespaces: {
    visitor: VisitorNamespace;
    bot: BotNamespace;
    agent: AgentNamespace;
  },
  /** Told of every session event published, for the periodic latest-seq signal. */
  heads?: Heads,
) {
  /**
   * A room, but for the socket that wrote what is sent (issue 16): its ack carried it. Each socket
   * is in a room of its own id, so this holds across processes with the Redis adapter too; an id
   * of another namespace's socket excepts nobody.
   */
  const but = <T extends { except(room: string): T }>(to: T, sender: string | undefined): T =>
    sender ? to.except(sender) : to;
  // The bot and agent namespaces share these five events; Socket.IO's typed rooms of two
  // namespaces do not unite into one callable type, so each is wrapped.
  const toHandler = (handler: Handler | null | undefined, sender?: string): HandlerChannel | undefined => {
    if (handler?.kind === 'bot') {
      const room = but(namespaces.bot.to(rooms.bot(handler.id)), sender);
      return {
        event: (event) => room.emit('session.event', event),
        created: (sync) => room.emit('session.created', sync),
        updated: (session) => room.emit('session.updated', session),
        typing: (notice) => room.emit('typing', notice),
        read: (notice) => room.emit('read', notice),
      };
    }
    if (handler?.kind === 'agent') {
      const room = but(namespaces.agent.to(rooms.agent(handler.id)), sender);
      return {
        event: (event) => room.emit('session.event', event),
        created: (sync) => room.emit('session.created', sync),
        updated: (session) => room.emit('session.updated', session),
        typing: (notice) => room.emit('typing', notice),
        read: (notice) => room.emit('read', notice),
      };
    }
    return undefined;
  };
  const toVisitor = (visitorId: string, sender?: string) =>
    but(namespaces.visitor.to(rooms.visitor(visitorId)), sender);
  /** Supervisors monitoring a session silently (issue 15): on `/agent` only, never to its visitor or bot. */
  const toMonitors = (sessionId: string, sender?: string) =>
    but(namespaces.agent.to(rooms.monitor(sessionId)), sender);

  return {
    /**
     * A new log entry. `previous`: the handler before it, when the entry changed handlers.
     * `sender`: the socket that wrote it, whose ack carries it (`Written`): every audience hears
     * it but that socket. A retry is published again (`sessions.published` says why), but the same.
     */
    event(
      session: SessionHead,
      event: SessionEvent,
      { previous, sender }: { previous?: Handler | null; sender?: string | undefined } = {},
    ): void {
      toVisitor(session.visitorId, sender).emit('session.event', event);
      toHandler(session.handler, sender)?.event(event);
      toMonitors(session.id, sender).emit('monitor.event', event);
      const handoff = !sameHandler(previous, session.handler);
      if (handoff) toHandler(previous, sender)?.event(event);
      heads?.note(session, event.seq, handoff ? [session.handler, previous] : [session.handler]);
    },

    /** A new log entry for the visitor's tabs only (its bot gets it inside `created`). */
    toVisitor(session: SessionSummary, event: SessionEvent): void {
      toVisitor(session.visitorId).emit('session.event', event);
      toMonitors(session.id).emit('monitor.event', event);
      heads?.note(session, event.seq, []);
    },

    /** A session entered a bot's or an agent's hands, with its log so far. */
    created(sync: SessionSync): void {
      toHandler(sync.session.handler)?.created(sync);
    },

    typingToVisitor(visitorId: string, notice: TypingNotice): void {
      toVisitor(visitorId).emit('typing', notice);
    },

    /** The visitor is typing: their bot or agent hears it. */
    typingToHandler(handler: Handler | null, notice: TypingNotice): void {
      toHandler(handler)?.typing(notice);
    },

    /** What a session knows of its visitor changed: the bot or agent who has it hears. */
    updated(session: SessionSummary): void {
      toHandler(session.handler)?.updated(session);
    },

    /**
     * A read mark moved (issue 14): every tab of the visitor and the bot or agent who has the
     * session hear it, whichever side read (the reader's other tabs and devices follow too). A
     * bot's own mark is not sent back to it: a bot has one connection, and it made the mark.
     */
    read(session: SessionHead, notice: ReadNotice): void {
      toVisitor(session.visitorId).emit('read', notice);
      if (notice.party !== 'bot') toHandler(session.handler)?.read(notice);
    },

    /** The queued sessions one agent may see, in order, to their desks. */
    queue(agentId: string, entries: QueueEntry[]): void {
      namespaces.agent.to(rooms.agent(agentId)).emit('queue', { entries });
    },

    /** A queued visitor's place in line. */
    queueNotice(visitorId: string, notice: QueueNotice): void {
      toVisitor(visitorId).emit('queue', notice);
    },

    /**
     * A private note (a supervisor's whisper, issue 15): to the desks of the chat's agent and of
     * the supervisors monitoring it. The visitor and bot namespaces never get it.
     */
    note(session: SessionSummary, note: AgentNote): void {
      const to = note.to ? [rooms.agent(note.to), rooms.monitor(session.id)] : [rooms.monitor(session.id)];
      namespaces.agent.to(to).emit('note', note);
    },

    /** A private note (issue 15): to these agents' desks only, never a visitor's or a bot's. */
    privateNote(agentIds: string[], note: Note): void {
      if (agentIds.length === 0) return;
      namespaces.agent.to(agentIds.map((id) => rooms.agent(id))).emit('session.note', note);
    },

    /** An offline message was assigned or marked done (issue 15): the entry as it is now. */
    offlineUpdated(agentId: string, entry: OfflineEntry): void {
      namespaces.agent.to(rooms.agent(agentId)).emit('offline.updated', entry);
    },

    /** A visitor left a message through the offline form: a desk that may read it lists it. */
    offlineMessage(agentId: string, entry: OfflineEntry): void {
      namespaces.agent.to(rooms.agent(agentId)).emit('offline.new', entry);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
