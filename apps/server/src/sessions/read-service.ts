import { fail, type ReadParty, type Result, type SessionSummary } from '@parley/protocol';
import type { AgentConfig, BotConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import type { Publisher } from './publisher.js';
import type { VisitorRef } from './session-service.js';

export interface ReadServiceDeps {
  store: SessionStore;
  publish: Publisher;
}

/**
 * Read receipts (issue 14): each side notes how far it read a session, on the server, so every
 * tab and device of that side and the other side hear it (`read`), and every snapshot replays
 * it (the summary's `read`). Each reader is authorised on the session first.
 */
export function createReadService({ store, publish }: ReadServiceDeps) {
  const mark = async (
    session: SessionSummary,
    party: ReadParty,
    seq: number,
  ): Promise<Result<{ seq: number }>> => {
    const marked = await store.markRead(session.id, party, seq);
    if (!marked.ok) return marked;
    // An unmoved mark is no news: a debounced widget, a second tab or a retry costs one script.
    if (marked.value.moved)
      publish.read(marked.value.session, { sessionId: session.id, party, seq: marked.value.seq });
    return { ok: true, value: { seq: marked.value.seq } };
  };

  const found = async (sessionId: string, mine: (session: SessionSummary) => boolean) => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (!mine(session)) return fail('forbidden', 'That session is not yours to read');
    return { ok: true as const, value: session };
  };

  const handles = (session: SessionSummary, kind: 'bot' | 'agent', id: string) =>
    session.handler?.kind === kind && session.handler.id === id;

  return {
    /** One of the visitor's own sessions (any tab), on their site. */
    async visitorRead(visitor: VisitorRef, sessionId: string, seq: number) {
      const own = await found(
        sessionId,
        (s) => s.visitorId === visitor.visitorId && s.siteKey === visitor.site.key,
      );
      return own.ok ? mark(own.value, 'visitor', seq) : own;
    },

    /** A chat the agent has (or had, when it closed with them). */
    async agentRead(agent: AgentConfig, sessionId: string, seq: number) {
      const own = await found(sessionId, (s) => handles(s, 'agent', agent.id));
      return own.ok ? mark(own.value, 'agent', seq) : own;
    },

    /** A session the bot has: by an explicit call, or as its processing cursor passes messages. */
    async botRead(bot: BotConfig, sessionId: string, seq: number) {
      const own = await found(sessionId, (s) => handles(s, 'bot', bot.id));
      return own.ok ? mark(own.value, 'bot', seq) : own;
    },
  };
}

export type ReadService = ReturnType<typeof createReadService>;
