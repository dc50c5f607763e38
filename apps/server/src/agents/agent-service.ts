import {
  type AgentTransferInput,
  canTake,
  fail,
  hasContent,
  LIMITS,
  NO_CONTENT,
  type OfflineEntry,
  type QueueEntry,
  type Result,
  type RouteOutcome,
  type SessionSummary,
  type SessionSync,
  type Written,
  writeAck,
} from '@parley/protocol';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { Assigner } from '../sessions/assignment.js';
import { earlierWrite } from '../sessions/earlier-write.js';
import { announceHandOver } from '../sessions/hand-over.js';
import type { Publisher } from '../sessions/publisher.js';
import type { Router } from '../sessions/routing.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SessionStore } from '../store/session-store.js';
import { activeSiteOf, isAgentsOwn, mayRead, onActiveSite, traitsOn } from './agent-access.js';
import { agentAuthor } from './agent-profile.js';

export interface AgentServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  sessions: SessionService;
  publish: Publisher;
  route: Router;
  assigner: Assigner;
  clock: () => number;
}

/** How many offline messages a desk lists. */
const OFFLINE_LIST = 100;

/**
 * What agents may do (DESIGN.md "Security model"): read the sessions of their teams and those
 * assigned to them; write only in a chat assigned to them. Each action is authorised on its
 * own; writes are checked again atomically in the store.
 */
export function createAgentService(deps: AgentServiceDeps) {
  const { config, store, sessions, publish, route, assigner, clock } = deps;
  const readable = async (agent: AgentConfig, sessionId: string): Promise<Result<SessionSummary>> => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (!mayRead(agent, session)) return fail('forbidden', 'That session is not for your teams');
    return { ok: true, value: session };
  };

  /** A chat assigned to this agent and still open. */
  const myChat = async (agent: AgentConfig, sessionId: string): Promise<Result<SessionSummary>> => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (!isAgentsOwn(agent, session)) return fail('forbidden', 'That chat is not assigned to you');
    if (session.status !== 'assigned') return fail('session_closed', `The chat is ${session.status}`);
    return { ok: true, value: session };
  };

  /** After a chat left the agent: they may take another. */
  const released = <T>(result: Result<T>): Result<T> => {
    if (result.ok) assigner.offerQueued();
    return result;
  };

  return {
    /** The agent's chats, and the other sessions they asked about and may still read. */
    async sync(agent: AgentConfig, cursors: Record<string, number>): Promise<SessionSync[]> {
      const mine = await store.handlerSessions({ kind: 'agent', id: agent.id });
      const known = new Set(mine.map((s) => s.id));
      const others = await Promise.all(
        Object.keys(cursors)
          .filter((id) => !known.has(id))
          .map((id) => store.getSession(id)),
      );
      const more = others.filter((s): s is SessionSummary => s !== null && mayRead(agent, s));
      return sessions.sync([...mine, ...more], cursors);
    },

    async get(agent: AgentConfig, sessionId: string): Promise<Result<SessionSync>> {
      const session = await readable(agent, sessionId);
      if (!session.ok) return session;
      const events = await store.eventsSince(sessionId, 0, LIMITS.syncEvents);
      return { ok: true, value: { session: session.value, events } };
    },

    /** The queued sessions the agent may read, of their active site when one is set (issue 15). */
    async queue(agent: AgentConfig): Promise<QueueEntry[]> {
      const active = activeSiteOf(agent, await store.activeSites());
      return (await assigner.entries()).filter(
        (entry) => mayRead(agent, entry.session) && onActiveSite(active, entry.session.siteKey),
      );
    },

    async offline(agent: AgentConfig): Promise<OfflineEntry[]> {
      return (await store.offlineMessages(OFFLINE_LIST)).filter((entry) => mayRead(agent, entry.session));
    },

    async accept(agent: AgentConfig, sessionId: string): Promise<Result<{ seq: number }>> {
      const session = await readable(agent, sessionId);
      if (!session.ok) return session;
      if (session.value.status !== 'queued') {
        return fail('invalid_transition', `The session is ${session.value.status}, not queued`);
      }
      const traits = traitsOn(agent, session.value.siteKey);
      if (!session.value.routing || !canTake(traits, session.value.routing)) {
        return fail('forbidden', 'That session asks for another agent, team or skills');
      }
      const taken = await assigner.accept(session.value, {
        agentId: agent.id,
        capacity: agent.capacity,
        author: agentAuthor(agent),
      });
      if (!taken.ok) {
        return taken.error.code === 'conflict'
          ? fail('conflict', `You already have ${agent.capacity} chats, your capacity`)
          : taken;
      }
      return { ok: true, value: { seq: taken.value.event.seq } };
    },

    /**
     * Authorised first (issue 11): only in a chat assigned to this agent, or, when the chat has
     * left them (closed, transferred), as a retry of a message they stored there before, which
     * gets its original event. Nobody else's client id ever answers with an event. `sender`, here
     * and below: the agent's socket, which gets the event in its ack only.
     */
    async send(
      agent: AgentConfig,
      input: {
        sessionId: string;
        clientId: string;
        text?: string | undefined;
        attachmentId?: string | undefined;
      },
      sender?: string,
    ): Promise<Result<{ sessionId: string } & Written>> {
      const chat = await myChat(agent, input.sessionId);
      if (!chat.ok) {
        if (chat.error.code === 'not_found') return chat;
        const event = await earlierWrite(store, input.sessionId, agentAuthor(agent), input.clientId);
        return event === undefined
          ? chat
          : { ok: true, value: { sessionId: input.sessionId, ...writeAck(event) } };
      }
      if (!hasContent(input)) return fail('invalid_payload', NO_CONTENT);
      const attached = await sessions.attachmentFor(agentAuthor(agent), chat.value, input.attachmentId);
      if (!attached.ok) return attached;
      const written = await store.appendMessage({
        sessionId: input.sessionId,
        clientId: input.clientId,
        author: agentAuthor(agent),
        text: input.text ?? '',
        ...attached.value,
        require: { handler: { kind: 'agent', id: agent.id }, status: 'assigned' },
        now: clock(),
      });
      if (!written.ok && written.error.code === 'session_closed') {
        // It left this agent since the check above: say why (someone else's now, or closed).
        const now = await myChat(agent, input.sessionId);
        if (!now.ok) return now;
      }
      return sessions.published(written, sender);
    },

    async transfer(
      agent: AgentConfig,
      { sessionId, ...target }: AgentTransferInput,
      sender?: string,
    ): Promise<Result<{ route: RouteOutcome } & Written>> {
      const chat = await myChat(agent, sessionId);
      if (!chat.ok) return chat;
      const keep = chat.value.routing;
      // A transfer to a team, colleague or skills stays in the chat's queue unless it names one.
      const queue = target.queue ?? (target.team || target.agent || target.skills ? keep?.queue : undefined);
      return released(
        await route(chat.value, { ...target, ...(queue ? { queue } : {}) }, agentAuthor(agent), 'transfer', {
          refuseOffline: true,
          sender,
        }),
      );
    },

    async handback(agent: AgentConfig, sessionId: string, sender?: string): Promise<Result<Written>> {
      const chat = await myChat(agent, sessionId);
      if (!chat.ok) return chat;
      const site = config.sites.find((s) => s.key === chat.value.siteKey);
      const bot = site?.entry.bot ?? '';
      const changed = await store.changeStatus({
        sessionId,
        to: 'bot',
        reason: 'handback',
        by: agentAuthor(agent),
        handler: { kind: 'bot', id: bot },
        now: clock(),
      });
      if (!changed.ok) return changed;
      const { session, event } = changed.value;
      publish.event(session, event, { previous: chat.value.handler, sender });
      await announceHandOver(store, publish, session);
      return released({ ok: true, value: writeAck(event) });
    },

    async close(agent: AgentConfig, sessionId: string, sender?: string): Promise<Result<Written>> {
      const chat = await myChat(agent, sessionId);
      if (!chat.ok) return chat;
      const changed = await store.changeStatus({
        sessionId,
        to: 'closed',
        reason: 'agent',
        by: agentAuthor(agent),
        now: clock(),
      });
      if (!changed.ok) return changed;
      const { session, event } = changed.value;
      publish.event(session, event, { sender });
      return released({ ok: true, value: writeAck(event) });
    },

    async typing(agent: AgentConfig, sessionId: string, on: boolean): Promise<void> {
      const session = await store.getSession(sessionId);
      if (!session || !isAgentsOwn(agent, session) || session.status !== 'assigned') return;
      publish.typingToVisitor(session.visitorId, { sessionId, author: agentAuthor(agent), on });
    },

    /**
     * An agent went offline (no desk left open past the grace period): their chats go back to
     * the queue, for a colleague; with nobody online, to the offline form.
     */
    async requeue(agent: AgentConfig): Promise<void> {
      for (const session of await store.handlerSessions({ kind: 'agent', id: agent.id })) {
        if (session.status !== 'assigned') continue;
        const asked = session.routing;
        // The same queue, team and skills; not the agent who left.
        const target = asked
          ? {
              queue: asked.queue,
              ...(asked.team ? { team: asked.team } : {}),
              ...(asked.skills ? { skills: asked.skills } : {}),
            }
          : {};
        await route(session, target, undefined, 'agent-offline');
      }
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
