import type { Handler, ReadParty, Result } from '@parley/protocol';
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
 * it (the summary's `read`). Each reader is authorised on the session in the store's write
 * itself: the visitor as its owner, a bot or an agent as its handler.
 */
export function createReadService({ store, publish }: ReadServiceDeps) {
  const mark = async (
    sessionId: string,
    party: ReadParty,
    seq: number,
    reader?: Handler,
    owner?: { visitorId: string; siteKey: string },
  ): Promise<Result<{ seq: number }>> => {
    const marked = await store.markRead(sessionId, party, seq, reader, owner);
    if (!marked.ok) return marked;
    // An unmoved mark is no news: a debounced widget, a second tab or a retry costs one script.
    if (marked.value.moved) {
      publish.read(marked.value.session, { sessionId, party, seq: marked.value.seq });
    }
    return { ok: true, value: { seq: marked.value.seq } };
  };

  return {
    /** One of the visitor's own sessions (any tab), on their site, checked in the same write. */
    visitorRead(visitor: VisitorRef, sessionId: string, seq: number): Promise<Result<{ seq: number }>> {
      return mark(sessionId, 'visitor', seq, undefined, {
        visitorId: visitor.visitorId,
        siteKey: visitor.site.key,
      });
    },

    /** A chat the agent has (or had, when it closed with them), checked in the same write. */
    agentRead(agent: AgentConfig, sessionId: string, seq: number): Promise<Result<{ seq: number }>> {
      return mark(sessionId, 'agent', seq, { kind: 'agent', id: agent.id });
    },

    /**
     * A session the bot has, checked in the same write: by an explicit call, or as its processing
     * cursor passes messages (one call per session of a `session.handled`).
     */
    botRead(bot: BotConfig, sessionId: string, seq: number): Promise<Result<{ seq: number }>> {
      return mark(sessionId, 'bot', seq, { kind: 'bot', id: bot.id });
    },

    /**
     * The bot's processing cursor passing messages of several sessions (a `session.handled`): one
     * store call for all. A session the bot no longer has is left unread by it, and nobody told.
     */
    async botReadMany(bot: BotConfig, marks: Record<string, number>): Promise<void> {
      const taken = await store.markReadMany('bot', marks, { kind: 'bot', id: bot.id });
      publish.reads(
        Object.entries(taken)
          .filter(([, marked]) => marked.moved)
          .map(([sessionId, { session, seq }]) => ({ session, notice: { sessionId, party: 'bot', seq } })),
      );
    },
  };
}

export type ReadService = ReturnType<typeof createReadService>;
