import type {
  AgentNote,
  AgentServerEvents,
  BotServerEvents,
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
  VisitorServerEvents,
} from '@parley/protocol';
import type { Delivery, Fanout } from '../realtime/fanout.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionHead } from '../store/session-store.js';
import type { Heads } from './heads.js';

type HandlerEvents = BotServerEvents & AgentServerEvents;
/** The events a bot and an agent both hear of the sessions they handle. */
type HandlerEvent = 'session.event' | 'session.created' | 'session.updated' | 'typing' | 'read';

/** An emit on `/visitor`, typed by its event map. */
const toVisitorRooms = <E extends keyof VisitorServerEvents & string>(
  room: string,
  event: E,
  data: Parameters<VisitorServerEvents[E]>[0],
): Delivery => ({ namespace: 'visitor', rooms: [room], event, data });

/** An emit on `/agent`, typed by its event map. */
const toAgentRooms = <E extends keyof AgentServerEvents & string>(
  rooms: string[],
  event: E,
  data: Parameters<AgentServerEvents[E]>[0],
): Delivery => ({ namespace: 'agent', rooms, event, data });

const sameHandler = (a: Handler | null | undefined, b: Handler | null | undefined) =>
  a?.kind === b?.kind && a?.id === b?.id;

/** The bot's or the agent's emit of a session they handle; none for a queue or nobody. */
const toHandler = <E extends HandlerEvent>(
  handler: Handler | null | undefined,
  event: E,
  data: Parameters<HandlerEvents[E]>[0],
): Delivery[] => {
  if (handler?.kind === 'bot') return [{ namespace: 'bot', rooms: [rooms.bot(handler.id)], event, data }];
  if (handler?.kind === 'agent')
    return [{ namespace: 'agent', rooms: [rooms.agent(handler.id)], event, data }];
  return [];
};

/** Who hears of a read mark: see `read` below. */
const readDeliveries = (session: SessionHead, notice: ReadNotice): Delivery[] => [
  toVisitorRooms(rooms.visitor(session.visitorId), 'read', notice),
  ...(notice.party !== 'bot' ? toHandler(session.handler, 'read', notice) : []),
];

/**
 * Who hears about what: every new event goes to every tab of the session's visitor and to the
 * bot or agent handling it, but never to the socket that wrote it (its ack carries it, issue 16);
 * a change that takes a session away from a bot or agent also reaches
 * them, and they then hear nothing more of it (a closed session keeps its last handler, so its
 * agent still sees the visitor's feedback).
 *
 * Everything goes out through the fanout (`realtime/fanout.ts`): the emits of one call are one
 * message to the other processes, whatever their namespaces, and they keep their order there.
 */
export function createPublisher(
  fanout: Fanout,
  /** Told of every session event published, for the periodic latest-seq signal. */
  heads?: Heads,
) {
  return {
    /**
     * A new log entry. `previous`: the handler before it, when the entry changed handlers.
     * `sender`: the socket that wrote it, whose ack carries it (`Written`): every audience hears
     * it but that socket. A retry is published again (`sessions.published` says why), but the same.
     * Each socket is in a room of its own id, so `except` holds across processes too; an id of
     * another namespace's socket excepts nobody.
     */
    event(
      session: SessionHead,
      event: SessionEvent,
      { previous, sender }: { previous?: Handler | null; sender?: string | undefined } = {},
    ): void {
      const handoff = !sameHandler(previous, session.handler);
      fanout.send(
        [
          toVisitorRooms(rooms.visitor(session.visitorId), 'session.event', event),
          ...toHandler(session.handler, 'session.event', event),
          toAgentRooms([rooms.monitor(session.id)], 'monitor.event', event),
          ...(handoff ? toHandler(previous, 'session.event', event) : []),
        ],
        sender,
      );
      heads?.note(session, event.seq, handoff ? [session.handler, previous] : [session.handler]);
    },

    /** A new log entry for the visitor's tabs only (its bot gets it inside `created`). */
    toVisitor(session: SessionSummary, event: SessionEvent): void {
      fanout.send([
        toVisitorRooms(rooms.visitor(session.visitorId), 'session.event', event),
        toAgentRooms([rooms.monitor(session.id)], 'monitor.event', event),
      ]);
      heads?.note(session, event.seq, []);
    },

    /** A session entered a bot's or an agent's hands, with its log so far. */
    created(sync: SessionSync): void {
      fanout.send(toHandler(sync.session.handler, 'session.created', sync));
    },

    typingToVisitor(visitorId: string, notice: TypingNotice): void {
      fanout.send([toVisitorRooms(rooms.visitor(visitorId), 'typing', notice)]);
    },

    /** The visitor is typing: their bot or agent hears it. */
    typingToHandler(handler: Handler | null, notice: TypingNotice): void {
      fanout.send(toHandler(handler, 'typing', notice));
    },

    /** What a session knows of its visitor changed: the bot or agent who has it hears. */
    updated(session: SessionSummary): void {
      fanout.send(toHandler(session.handler, 'session.updated', session));
    },

    /**
     * A read mark moved (issue 14): every tab of the visitor and the bot or agent who has the
     * session hear it, whichever side read (the reader's other tabs and devices follow too). A
     * bot's own mark is not sent back to it: a bot has one connection, and it made the mark.
     */
    read(session: SessionHead, notice: ReadNotice): void {
      fanout.send(readDeliveries(session, notice));
    },

    /** Several read marks that moved at once (a bot's processing cursor), in one fanout message. */
    reads(marks: Array<{ session: SessionHead; notice: ReadNotice }>): void {
      fanout.send(marks.flatMap(({ session, notice }) => readDeliveries(session, notice)));
    },

    /** The queued sessions one agent may see, in order, to their desks. */
    queue(agentId: string, entries: QueueEntry[]): void {
      fanout.send([toAgentRooms([rooms.agent(agentId)], 'queue', { entries })]);
    },

    /** A queued visitor's place in line. */
    queueNotice(visitorId: string, notice: QueueNotice): void {
      fanout.send([toVisitorRooms(rooms.visitor(visitorId), 'queue', notice)]);
    },

    /**
     * A private note (a supervisor's whisper, issue 15): to the desks of the chat's agent and of
     * the supervisors monitoring it. The visitor and bot namespaces never get it.
     */
    note(session: SessionSummary, note: AgentNote): void {
      const to = note.to ? [rooms.agent(note.to), rooms.monitor(session.id)] : [rooms.monitor(session.id)];
      fanout.send([toAgentRooms(to, 'note', note)]);
    },

    /** A private note (issue 15): to these agents' desks only, never a visitor's or a bot's. */
    privateNote(agentIds: string[], note: Note): void {
      if (agentIds.length === 0) return;
      fanout.send([
        toAgentRooms(
          agentIds.map((id) => rooms.agent(id)),
          'session.note',
          note,
        ),
      ]);
    },

    /** An offline message was assigned or marked done (issue 15): the entry as it is now. */
    offlineUpdated(agentId: string, entry: OfflineEntry): void {
      fanout.send([toAgentRooms([rooms.agent(agentId)], 'offline.updated', entry)]);
    },

    /** A visitor left a message through the offline form: a desk that may read it lists it. */
    offlineMessage(agentId: string, entry: OfflineEntry): void {
      fanout.send([toAgentRooms([rooms.agent(agentId)], 'offline.new', entry)]);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
