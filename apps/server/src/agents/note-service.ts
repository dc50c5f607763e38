import { fail, type Note, type NoteAddInput, type Result } from '@parley/protocol';
import type { AgentConfig } from '../config/config-schema.js';
import type { RecordsStore } from '../records/records-store.js';
import type { Publisher } from '../sessions/publisher.js';
import type { SessionStore } from '../store/session-store.js';
import { mayRead } from './agent-access.js';
import { agentAuthor } from './agent-profile.js';

export interface NoteServiceDeps {
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
  /** The records (when kept): notes are written there too, as they are made. */
  records?: RecordsStore | undefined;
  logError(error: unknown, sessionId: string): void;
}

/**
 * Private notes (issue 15): any agent who may read a session may write and read its notes. A
 * note goes live to the agent who has the session and to its author; nothing of it goes to the
 * visitor's or the bot's namespace, or to a webhook (notes are not in the log they replay).
 */
export function createNoteService({ store, publish, clock, records, logError }: NoteServiceDeps) {
  const readable = async (agent: AgentConfig, sessionId: string) => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (!mayRead(agent, session)) return fail('forbidden', 'That session is not for your teams');
    return { ok: true as const, value: session };
  };

  return {
    /** Keeps a note and tells the agents of the session. */
    async add(agent: AgentConfig, input: NoteAddInput): Promise<Result<{ note: Note }>> {
      const session = await readable(agent, input.sessionId);
      if (!session.ok) return session;
      const { role, id, name } = agentAuthor(agent);
      const author = { role: role as 'agent', id, ...(name ? { name } : {}) };
      const stored = await store.appendNote({
        sessionId: input.sessionId,
        at: clock(),
        author,
        text: input.text,
      });
      if (!stored.ok) return stored;
      // Failing, the note stays in the live store (for as long as its session): logged, not lost.
      await records?.appendNote(stored.value).catch((error: unknown) => logError(error, input.sessionId));
      const handler = session.value.handler;
      const agents = new Set([agent.id, ...(handler?.kind === 'agent' ? [handler.id] : [])]);
      publish.privateNote([...agents], stored.value);
      return { ok: true, value: { note: stored.value } };
    },

    /** A session's notes, for an agent who may read it (from the live store). */
    async list(agent: AgentConfig, sessionId: string): Promise<Result<{ notes: Note[] }>> {
      const session = await readable(agent, sessionId);
      if (!session.ok) return session;
      return { ok: true, value: { notes: await store.sessionNotes(sessionId) } };
    },
  };
}

export type NoteService = ReturnType<typeof createNoteService>;
