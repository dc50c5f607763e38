import type { Handler, SessionEvent, SessionSummary, SessionSync, TypingNotice } from '@parley/protocol';
import type { BotNamespace, VisitorNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';

/**
 * Who hears about what: every new event goes to every tab of the session's visitor and to the
 * bot handling it; a change that takes a session away from a bot also reaches that bot, which
 * then hears nothing more of it.
 */
export function createPublisher(namespaces: { visitor: VisitorNamespace; bot: BotNamespace }) {
  const toBot = (handler: Handler | null | undefined) =>
    handler?.kind === 'bot' ? namespaces.bot.to(rooms.bot(handler.id)) : undefined;

  return {
    /** A new log entry; `previous` is the handler before it, when the entry changed handlers. */
    event(session: SessionSummary, event: SessionEvent, previous?: Handler | null): void {
      namespaces.visitor.to(rooms.visitor(session.visitorId)).emit('session.event', event);
      toBot(session.handler)?.emit('session.event', event);
      if (
        previous?.kind === 'bot' &&
        !(session.handler?.kind === 'bot' && session.handler.id === previous.id)
      ) {
        toBot(previous)?.emit('session.event', event);
      }
    },

    /** A new log entry for the visitor's tabs only (its bot gets it inside `created`). */
    toVisitor(session: SessionSummary, event: SessionEvent): void {
      namespaces.visitor.to(rooms.visitor(session.visitorId)).emit('session.event', event);
    },

    /** A session entered a bot's hands (its visitor opened it, or it was routed to that bot). */
    created(sync: SessionSync): void {
      toBot(sync.session.handler)?.emit('session.created', sync);
    },

    typingToVisitor(visitorId: string, notice: TypingNotice): void {
      namespaces.visitor.to(rooms.visitor(visitorId)).emit('typing', notice);
    },

    typingToBot(handler: Handler | null, notice: TypingNotice): void {
      toBot(handler)?.emit('typing', notice);
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
