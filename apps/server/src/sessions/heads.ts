import type { Handler, SessionHeads } from '@parley/protocol';
import type { AgentNamespace, BotNamespace, VisitorNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';

/** A room of one namespace: where a session's events go. */
interface Room {
  namespace: 'visitor' | 'bot' | 'agent';
  name: string;
}

export interface Heads {
  /**
   * A session event with this seq went to the visitor's tabs and to these handlers (the bot or
   * agent who has the session, and the one it just left): each of those rooms hears the session's
   * latest seq at the next tick.
   */
  note(
    session: { id: string; visitorId: string },
    seq: number,
    handlers: Array<Handler | null | undefined>,
  ): void;
  /** Stops the timer (on close); what was noted and not yet sent is dropped. */
  stop(): void;
}

const handlerRoom = (handler: Handler | null | undefined): Room | undefined => {
  if (handler?.kind === 'bot') return { namespace: 'bot', name: rooms.bot(handler.id) };
  if (handler?.kind === 'agent') return { namespace: 'agent', name: rooms.agent(handler.id) };
  return undefined; // a queue has no connections
};

/**
 * The cheap "latest seq" signal of issue 11: a live event published by one process can vanish
 * on its way to another (the other's subscriber was reconnecting, or the publish itself failed),
 * and nothing would tell the client. So every `intervalMs`, each room that heard about sessions
 * written by this process in that interval gets one `heads` event, `{ heads: { sessionId: seq } }`,
 * through the adapter like any other broadcast; a client that has less of one of those sessions
 * resumes. Only sessions written in the interval are sent, then forgotten: the cost follows the
 * traffic, and a quiet server sends nothing.
 * @example
 * const heads = createHeads(nsps, 2_000);
 * heads.note(session, event.seq, [session.handler]);
 */
export function createHeads(
  namespaces: { visitor: VisitorNamespace; bot: BotNamespace; agent: AgentNamespace },
  intervalMs: number,
): Heads {
  /** Per room (by namespace and name), the latest seq of each session noted since the last tick. */
  let pending = new Map<string, { room: Room; heads: Map<string, number> }>();

  const noteRoom = (room: Room, sessionId: string, seq: number) => {
    const key = `${room.namespace} ${room.name}`;
    const entry = pending.get(key) ?? { room, heads: new Map<string, number>() };
    entry.heads.set(sessionId, Math.max(seq, entry.heads.get(sessionId) ?? 0));
    pending.set(key, entry);
  };

  const emit = ({ namespace, name }: Room, payload: SessionHeads) => {
    if (namespace === 'visitor') namespaces.visitor.to(name).emit('heads', payload);
    else if (namespace === 'bot') namespaces.bot.to(name).emit('heads', payload);
    else namespaces.agent.to(name).emit('heads', payload);
  };

  const timer = setInterval(() => {
    const due = pending;
    pending = new Map();
    for (const { room, heads } of due.values()) emit(room, { heads: Object.fromEntries(heads) });
  }, intervalMs);
  timer.unref();

  return {
    note(session, seq, handlers) {
      noteRoom({ namespace: 'visitor', name: rooms.visitor(session.visitorId) }, session.id, seq);
      for (const handler of handlers) {
        const room = handlerRoom(handler);
        if (room) noteRoom(room, session.id, seq);
      }
    },
    stop() {
      clearInterval(timer);
      pending.clear();
    },
  };
}
