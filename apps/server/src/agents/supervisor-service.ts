import {
  type AgentNote,
  type AuditActor,
  type Author,
  fail,
  LIMITS,
  type Presence,
  type PresenceAssignInput,
  type ReassignInput,
  type Result,
  type SessionSummary,
  type SessionSync,
  type TeamView,
  type WhisperInput,
} from '@parley/protocol';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { RecordsStore } from '../records/records-store.js';
import type { Assigner } from '../sessions/assignment.js';
import type { Publisher } from '../sessions/publisher.js';
import type { SessionStore } from '../store/session-store.js';
import { listedSites, supervises, worksOn } from './agent-access.js';
import { agentAuthor } from './agent-profile.js';
import type { PresenceService } from './presence-service.js';

export interface SupervisorServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  /** Where monitored sessions are flagged for reporting; without records, the live store only. */
  records: RecordsStore | undefined;
  publish: Publisher;
  assigner: Assigner;
  presence: PresenceService;
  audit: AuditTrail;
  clock: () => number;
}

const LIVE = new Set(['bot', 'queued', 'assigned']);

/**
 * Who oversees a team: a supervisor or admin on the desk, or an admin API key of one site over
 * REST (issue 15: "an API key with `admin` scope may do the REST equivalents").
 */
export interface Overseer {
  /** Whom the audit log names. */
  actor: AuditActor;
  /** May oversee at all (a plain agent may not). */
  allowed: boolean;
  /** Whether a site is theirs to oversee. */
  sees(siteKey: string): boolean;
  /** What a session of another site is to them: `forbidden` on the desk; unknown to a key, as REST does. */
  unseen: 'forbidden' | 'not_found';
  /** Whom the session log names for a change they make (a key makes it as nobody). */
  by?: Author;
}

/** A desk agent as an overseer: their role decides, their sites bound it. */
export const agentOverseer = (agent: AgentConfig): Overseer => ({
  actor: { kind: 'agent', id: agent.id },
  allowed: supervises(agent),
  sees: (siteKey) => worksOn(agent, siteKey),
  unseen: 'forbidden',
  by: agentAuthor(agent),
});

/** An admin API key of one site as an overseer (the route checked its scope). */
export const keyOverseer = (keyId: string, siteKey: string): Overseer => ({
  actor: { kind: 'api-key', id: keyId },
  allowed: true,
  sees: (key) => key === siteKey,
  unseen: 'not_found',
});

/**
 * What supervisors (and admins) may do on their sites (issue 15, item 3): see the team, monitor
 * a chat silently, whisper to its agent, take it over or give it to a colleague, and set a
 * colleague's presence. Each method authorises on its own (a plain agent gets `forbidden`, a
 * session or agent of another site too) and audits what it changed, with the site.
 */
export function createSupervisorService(deps: SupervisorServiceDeps) {
  const { config, store, publish, assigner, presence, audit, clock } = deps;

  /** The supervisor's own sites' session, live; the refusal otherwise. */
  const supervised = async (over: Overseer, sessionId: string): Promise<Result<SessionSummary>> => {
    if (!over.allowed) return fail('forbidden', 'Only supervisors and admins may do that');
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (!over.sees(session.siteKey)) {
      return over.unseen === 'forbidden'
        ? fail('forbidden', 'That session is not of your sites')
        : fail('not_found', `No session ${sessionId}`);
    }
    if (!LIVE.has(session.status)) return fail('session_closed', `The chat is ${session.status}`);
    return { ok: true, value: session };
  };

  /** A colleague on one of the supervisor's sites. */
  const colleague = (over: Overseer, agentId: string, siteKey?: string): Result<AgentConfig> => {
    const agent = config.agents.find((a) => a.id === agentId);
    if (!agent) return fail('not_found', `No agent ${agentId}`);
    const shared = siteKey
      ? worksOn(agent, siteKey)
      : config.sites.some((site) => over.sees(site.key) && worksOn(agent, site.key));
    if (!shared) return fail('forbidden', 'That agent does not work on your sites');
    return { ok: true, value: agent };
  };

  const record = (
    over: Overseer,
    action: string,
    session: SessionSummary,
    details?: Record<string, unknown>,
  ) =>
    audit.record({
      actor: over.actor,
      action,
      target: { kind: 'session', id: session.id },
      siteKey: session.siteKey,
      ...(details ? { details } : {}),
    });

  /**
   * Gives a queued or assigned chat to `agent` at once: an assigned chat goes back to its queue
   * for them alone (`assigned -> queued`, as the status machine allows), then they accept it
   * (ready or not; never past their capacity).
   */
  const giveTo = async (
    over: Overseer,
    session: SessionSummary,
    agent: AgentConfig,
    reason: string,
  ): Promise<Result<{ seq: number }>> => {
    const { handler, status, routing } = session;
    if (handler?.kind === 'agent' && handler.id === agent.id)
      return fail('conflict', `The chat is with ${agent.name} already`);
    if (status !== 'assigned' && status !== 'queued') {
      return fail(
        'invalid_transition',
        `The chat is ${status}; only a queued or assigned chat changes hands`,
      );
    }
    const load = (await store.handlerSessions({ kind: 'agent', id: agent.id })).filter(
      (s) => s.status === 'assigned',
    ).length;
    if (load >= agent.capacity) return fail('conflict', `${agent.name} already has ${agent.capacity} chats`);
    const queue = routing?.queue ?? config.sites.find((s) => s.key === session.siteKey)?.defaultQueue;
    if (!queue) return fail('invalid_transition', 'The chat has no queue to take it from');
    const moved = await store.changeStatus({
      sessionId: session.id,
      to: 'queued',
      reason,
      ...(over.by ? { by: over.by } : {}),
      handler: { kind: 'queue', id: queue },
      routing: { queue, agent: agent.id, since: clock() },
      now: clock(),
    });
    if (!moved.ok) return moved;
    publish.event(moved.value.session, moved.value.event, { previous: handler });
    const taken = await assigner.accept(moved.value.session, {
      agentId: agent.id,
      capacity: agent.capacity,
      author: agentAuthor(agent),
    });
    if (!taken.ok) return taken;
    if (handler?.kind === 'agent') assigner.offerQueued();
    return { ok: true, value: { seq: taken.value.event.seq } };
  };

  return {
    /** Every agent of the supervisor's sites (presence, load, chats) and every live session there. */
    async team(over: Overseer, monitoring: string[]): Promise<Result<TeamView>> {
      if (!over.allowed) return fail('forbidden', 'Only supervisors and admins may see the team');
      const mine = (s: SessionSummary) => over.sees(s.siteKey) && LIVE.has(s.status);
      const members = config.agents.filter((a) => colleague(over, a.id).ok);
      const presences = new Map((await presence.list()).map((p) => [p.agentId, p]));
      const assigned = await Promise.all(
        members.map((a) => store.handlerSessions({ kind: 'agent', id: a.id })),
      );
      const withBots = await Promise.all(
        config.bots.map((b) => store.handlerSessions({ kind: 'bot', id: b.id })),
      );
      const queued = (await assigner.entries()).map((entry) => entry.session);
      const sessions = new Map<string, SessionSummary>();
      for (const session of [...assigned.flat(), ...queued, ...withBots.flat()]) {
        if (mine(session)) sessions.set(session.id, session);
      }
      return {
        ok: true,
        value: {
          agents: members.map((a, i) => ({
            id: a.id,
            name: a.name,
            role: a.role,
            // Only the sites the supervisor sees too: nothing of another site reaches them.
            sites: (listedSites(a) ?? config.sites.map((s) => s.key)).filter((key) => over.sees(key)),
            capacity: a.capacity,
            presence: presences.get(a.id) ?? { agentId: a.id, status: 'offline', since: 0 },
            chats: (assigned[i] ?? []).filter((s) => mine(s) && s.status === 'assigned').map((s) => s.id),
          })),
          sessions: [...sessions.values()].sort((a, b) => a.createdAt - b.createdAt),
          monitoring,
        },
      };
    },

    /**
     * Starts watching a chat silently: its log so far, and the session flagged as monitored in
     * the live store and the records (reports leave it out of the agents' figures). The caller
     * joins the monitor room only when this succeeds.
     */
    async monitor(sup: AgentConfig, sessionId: string): Promise<Result<SessionSync>> {
      const session = await supervised(agentOverseer(sup), sessionId);
      if (!session.ok) return session;
      const at = await store.markMonitored(sessionId, clock());
      await deps.records?.markMonitored({ sessionId, siteKey: session.value.siteKey, at, by: sup.id });
      await record(agentOverseer(sup), 'session.monitor', session.value);
      const events = await store.eventsSince(sessionId, 0, LIMITS.syncEvents);
      return { ok: true, value: { session: session.value, events } };
    },

    /** Only a supervisor may stop monitoring (there is nothing to stop for anyone else). */
    unmonitor(sup: AgentConfig): Result<Record<string, never>> {
      if (!supervises(sup)) return fail('forbidden', 'Only supervisors and admins monitor chats');
      return { ok: true, value: {} };
    },

    /** A private note to the chat's agent; the visitor and the bot never get it. Audited with its text. */
    async whisper(sup: AgentConfig, input: WhisperInput): Promise<Result<{ note: AgentNote }>> {
      const session = await supervised(agentOverseer(sup), input.sessionId);
      if (!session.ok) return session;
      const handler = session.value.handler;
      if (session.value.status !== 'assigned' || handler?.kind !== 'agent') {
        return fail('invalid_transition', 'Only a chat with an agent takes a whisper');
      }
      const note: AgentNote = {
        sessionId: input.sessionId,
        clientId: input.clientId,
        author: agentAuthor(sup),
        text: input.text,
        at: clock(),
        visibility: 'agents',
        to: handler.id,
      };
      publish.note(session.value, note);
      await record(agentOverseer(sup), 'session.whisper', session.value, {
        to: handler.id,
        text: input.text,
      });
      return { ok: true, value: { note } };
    },

    /** The supervisor becomes the chat's agent (a queued chat, or one with a colleague). */
    async takeover(sup: AgentConfig, sessionId: string): Promise<Result<{ seq: number }>> {
      const session = await supervised(agentOverseer(sup), sessionId);
      if (!session.ok) return session;
      const given = await giveTo(agentOverseer(sup), session.value, sup, 'takeover');
      if (!given.ok) return given;
      const from = session.value.handler;
      await record(
        agentOverseer(sup),
        'session.takeover',
        session.value,
        from?.kind === 'agent' ? { from: from.id } : undefined,
      );
      return given;
    },

    /** Gives a live chat to a colleague of its site who is signed in and has room. */
    async reassign(over: Overseer, input: ReassignInput): Promise<Result<{ seq: number }>> {
      const session = await supervised(over, input.sessionId);
      if (!session.ok) return session;
      const target = colleague(over, input.agent, session.value.siteKey);
      if (!target.ok) return target;
      if ((await presence.current(input.agent)).status === 'offline') {
        return fail('conflict', `${target.value.name} is offline`);
      }
      const given = await giveTo(over, session.value, target.value, 'reassign');
      if (!given.ok) return given;
      const from = session.value.handler;
      await record(over, 'session.reassign', session.value, {
        to: input.agent,
        ...(from?.kind === 'agent' ? { from: from.id } : {}),
      });
      return given;
    },

    /**
     * Sets a colleague's presence (not ready with a reason from the list); only offline for one
     * who is not signed in (a ready agent nobody sits behind would be given chats). Audited.
     */
    async assignPresence(
      over: Overseer,
      input: PresenceAssignInput,
    ): Promise<Result<{ presence: Presence }>> {
      if (!over.allowed) return fail('forbidden', "Only supervisors and admins may set others' presence");
      const target = colleague(over, input.agentId);
      if (!target.ok) return target;
      if (input.status !== 'offline' && (await presence.current(input.agentId)).status === 'offline') {
        return fail('conflict', `${target.value.name} is not signed in`);
      }
      const reasons = config.agentSettings.notReadyReasons;
      if (input.status === 'notready' && !reasons.includes(input.reason)) {
        return fail('invalid_payload', `Choose a reason from: ${reasons.join(', ')}`);
      }
      const reason = input.status === 'notready' ? input.reason : undefined;
      const next = await presence.set(target.value, input.status, reason);
      await audit.record({
        actor: over.actor,
        action: 'presence.assign',
        target: { kind: 'agent', id: input.agentId },
        details: { status: next.status, ...(reason ? { reason } : {}) },
      });
      return { ok: true, value: { presence: next } };
    },
  };
}

export type SupervisorService = ReturnType<typeof createSupervisorService>;
