import {
  AgentAuthSchema,
  AgentSendSchema,
  AgentTransferSchema,
  AuditListSchema,
  type Directory,
  EmptySchema,
  fail,
  MarkReadSchema,
  NoteAddSchema,
  OfflineReplySchema,
  OfflineUpdateSchema,
  PresenceSetSchema,
  parsePayload,
  ReportQuerySchema,
  type Result,
  SearchSchema,
  SessionLabelSchema,
  SessionRefSchema,
  SessionStartSchema,
  SiteSwitchSchema,
  SyncSchema,
  TypingSchema,
  VisitorHistorySchema,
  VisitorRefSchema,
} from '@parley/protocol';
import type { ActiveSiteService } from '../agents/active-site-service.js';
import { listedSites, mayRead, shareSite, sitesOf, traitsOn, worksOn } from '../agents/agent-access.js';
import { agentAuthor, agentProfile } from '../agents/agent-profile.js';
import type { AgentService } from '../agents/agent-service.js';
import type { NoteService } from '../agents/note-service.js';
import type { OfflineService } from '../agents/offline-service.js';
import type { PresenceService } from '../agents/presence-service.js';
import type { StartService } from '../agents/start-service.js';
import type { SupervisorService } from '../agents/supervisor-service.js';
import { cannedFor } from '../config/canned-config.js';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { EmailService } from '../email/email-service.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { HistoryService } from '../history/history-service.js';
import { clientAddress, type TrustProxy } from '../http/client-address.js';
import type { ReportService } from '../reports/report-service.js';
import type { LabelService } from '../sessions/label-service.js';
import type { ReadService } from '../sessions/read-service.js';
import type { SessionStore } from '../store/session-store.js';
import { hashToken } from '../store/visitor-token.js';
import { connectError, failedHandshake } from './connect-error.js';
import { type HandlerContext, handleEvents, handler } from './handle.js';
import { type AuthBudgets, authenticateWithin, handshakeToken } from './limit-connections.js';
import type { AgentNamespace } from './namespaces.js';
import { rooms } from './rooms.js';
import { supervisorHandlers } from './supervisor-handlers.js';

export interface AgentNamespaceDeps {
  config: ParleyConfig;
  store: SessionStore;
  presence: PresenceService;
  agents: AgentService;
  /** Conversations agents start (issue 15, item 5). */
  starts: StartService;
  /** The site each agent works on right now (issue 15, item 4). */
  activeSites: ActiveSiteService;
  /** The team view, monitoring, whispers, take-over (issue 15). */
  supervisors: SupervisorService;
  /** Private notes (issue 15). */
  notes: NoteService;
  /** Labels on sessions (issue 15). */
  labels: LabelService;
  /** Offline messages assigned and done (issue 15). */
  offline: OfflineService;
  history: HistoryService;
  /** The reports (issue 15, item 6): supervisors and admins only. */
  reports: ReportService;
  audit: AuditTrail;
  /** Replies to offline messages by email (issue 13). */
  email: EmailService;
  /** Read receipts (issue 14). */
  reads: ReadService;
  /** Failed handshakes per address, and handshakes per agent. */
  budgets: AuthBudgets;
  trust: TrustProxy;
  handlerContext: (socketId: string) => HandlerContext;
}

/**
 * Whom a desk can transfer to: colleagues (of the agent's sites, issue 15), queues, the teams
 * and skills in use on the agent's sites, and those sites with the agent's own teams and skills
 * on each (item 4). A colleague's sites are named only when the agent works on them too.
 */
function directoryOf(config: ParleyConfig, agent: AgentConfig): Directory {
  const unique = (values: string[]) => [...new Set(values)].sort();
  const mine = sitesOf(agent, config);
  const colleagues = config.agents.filter((other) => shareSite(agent, other, config));
  const traits = colleagues.flatMap((other) =>
    mine.filter((key) => worksOn(other, key)).map((key) => traitsOn(other, key)),
  );
  return {
    agents: colleagues.map((other) => {
      const sites = listedSites(other)?.filter((key) => mine.includes(key));
      return {
        id: other.id,
        name: other.name,
        teams: other.teams,
        skills: other.skills,
        ...(sites ? { sites } : {}),
      };
    }),
    queues: config.queues.map((q) => ({ id: q.id, name: q.name ?? q.id, kind: q.bot ? 'bot' : 'human' })),
    teams: unique(traits.flatMap((t) => t.teams)),
    skills: unique(traits.flatMap((t) => t.skills)),
    sites: config.sites
      .filter((site) => mine.includes(site.key))
      .map((site) => {
        const { teams, skills } = traitsOn(agent, site.key);
        return {
          key: site.key,
          feedbackScale: site.feedbackScale,
          name: site.name,
          teams: [...teams],
          skills: [...skills],
        };
      }),
  };
}

/**
 * Runs an agent's action and, when it succeeded, writes it to the audit log (issue 12: accept,
 * transfer, hand back, close, presence).
 */
function audited<T extends object>(
  audit: AuditTrail,
  agent: AgentConfig,
  action: string,
  target: { kind: string; id: string } | undefined,
  run: () => Promise<Result<T>>,
): Promise<Result<T>> {
  return run().then(async (result) => {
    if (result.ok) {
      await audit.record({ actor: { kind: 'agent', id: agent.id }, action, ...(target ? { target } : {}) });
    }
    return result;
  });
}

/** `/agent`: the desk's namespace. Only a live login token (from `/api/agent/login`) gets in. */
export function attachAgentNamespace(nsp: AgentNamespace, deps: AgentNamespaceDeps): void {
  const { config, store, presence, agents, history, reports, audit } = deps;
  const reasons = config.agentSettings.notReadyReasons;

  nsp.use(async (socket, next) => {
    try {
      const admitted = await authenticateWithin(
        deps.budgets,
        clientAddress(socket.request, deps.trust),
        handshakeToken(socket.handshake.auth),
        async () => {
          const auth = parsePayload(AgentAuthSchema, socket.handshake.auth);
          if (!auth.ok) return connectError('unauthorized', 'Log in first');
          const agentId = await store.findAgentToken(auth.value.token);
          const agent = config.agents.find((a) => a.id === agentId);
          if (!agent)
            return connectError('unauthorized', 'Your login has expired or was revoked; log in again');
          return { id: agent.id, value: { agent, tokenHash: hashToken(auth.value.token) } };
        },
      );
      if (!admitted.ok) return next(admitted.refusal);
      socket.data = admitted.value;
      next();
    } catch (error) {
      next(failedHandshake(error, deps.handlerContext(socket.id).logger));
    }
  });

  nsp.on('connection', (socket) => {
    const { agent, tokenHash } = socket.data;
    void socket.join([
      rooms.agent(agent.id),
      rooms.agentLogin(tokenHash),
      rooms.agents,
      ...sitesOf(agent, config).map(rooms.site),
    ]);
    socket.on('disconnect', () => presence.disconnected(agent));

    handleEvents(socket, deps.handlerContext(socket.id), {
      'presence.set': handler(PresenceSetSchema, async (input) => {
        if (input.status === 'notready' && !reasons.includes(input.reason)) {
          return fail('invalid_payload', `Choose a reason from: ${reasons.join(', ')}`);
        }
        const next = await presence.set(
          agent,
          input.status,
          input.status === 'notready' ? input.reason : undefined,
        );
        await audit.record({
          actor: { kind: 'agent', id: agent.id },
          action: 'presence.set',
          target: { kind: 'agent', id: agent.id },
          details: { status: next.status, ...(next.reason ? { reason: next.reason } : {}) },
        });
        return { ok: true, value: { presence: next } };
      }),
      'site.switch': handler(SiteSwitchSchema, async ({ siteKey }) => {
        const switched = await deps.activeSites.switch(agent, siteKey);
        if (switched.ok) {
          // Every desk of the agent (other tabs and devices) shows the site now in force.
          nsp.to(rooms.agent(agent.id)).emit('site.active', switched.value);
          await audit.record({
            actor: { kind: 'agent', id: agent.id },
            action: 'site.switch',
            target: { kind: 'agent', id: agent.id },
            ...(siteKey ? { siteKey } : {}),
            details: { siteKey },
          });
        }
        return switched;
      }),
      'presence.list': handler(EmptySchema, async () => ({
        ok: true,
        value: { agents: await presence.list(agent), reasons },
      })),
      sync: handler(SyncSchema, async ({ cursors }) => ({
        ok: true,
        value: { sessions: await agents.sync(agent, cursors) },
      })),
      'queue.list': handler(EmptySchema, async () => ({
        ok: true,
        value: { entries: await agents.queue(agent) },
      })),
      'offline.list': handler(EmptySchema, async () => ({
        ok: true,
        value: { entries: await agents.offline(agent) },
      })),
      'offline.update': handler(OfflineUpdateSchema, (input) =>
        audited(audit, agent, 'offline.update', { kind: 'session', id: input.sessionId }, () =>
          deps.offline.update(agent, input),
        ),
      ),
      'offline.reply': handler(OfflineReplySchema, (input) => deps.email.reply(agent, input)),
      'session.get': handler(SessionRefSchema, ({ sessionId }) => agents.get(agent, sessionId)),
      'session.accept': handler(SessionRefSchema, ({ sessionId }) =>
        audited(audit, agent, 'session.accept', { kind: 'session', id: sessionId }, () =>
          agents.accept(agent, sessionId),
        ),
      ),
      'session.start': handler(SessionStartSchema, async (input) => {
        const started = await deps.starts.start(agent, input);
        if (started.ok) {
          const { session } = started.value;
          await audit.record({
            actor: { kind: 'agent', id: agent.id },
            action: 'session.start',
            target: { kind: 'visitor', id: input.visitorId },
            siteKey: session.siteKey,
            details: { sessionId: session.id },
          });
        }
        return started;
      }),
      // Writes name this socket as their sender: the event comes back in the ack, not as
      // `session.event` (issue 16).
      'message.send': handler(AgentSendSchema, (input) => agents.send(agent, input, socket.id)),
      'read.mark': handler(MarkReadSchema, ({ sessionId, seq }) =>
        deps.reads.agentRead(agent, sessionId, seq),
      ),
      'session.transfer': handler(AgentTransferSchema, (input) =>
        audited(audit, agent, 'session.transfer', { kind: 'session', id: input.sessionId }, () =>
          agents.transfer(agent, input, socket.id),
        ),
      ),
      'session.handback': handler(SessionRefSchema, ({ sessionId }) =>
        audited(audit, agent, 'session.handback', { kind: 'session', id: sessionId }, () =>
          agents.handback(agent, sessionId, socket.id),
        ),
      ),
      'session.close': handler(SessionRefSchema, ({ sessionId }) =>
        audited(audit, agent, 'session.close', { kind: 'session', id: sessionId }, () =>
          agents.close(agent, sessionId, socket.id),
        ),
      ),
      'history.list': handler(VisitorHistorySchema, (input) => history.agentHistory(agent, input)),
      search: handler(SearchSchema, (input) => history.search(agent, input)),
      transcript: handler(SessionRefSchema, ({ sessionId }) => history.agentTranscript(agent, sessionId)),
      'visitor.export': handler(VisitorRefSchema, (input) => history.exportVisitor(agent, input)),
      'visitor.erase': handler(VisitorRefSchema, (input) => history.eraseVisitor(agent, input)),
      'audit.list': handler(AuditListSchema, (input) => history.auditLog(agent, input)),
      'reports.get': handler(ReportQuerySchema, async (input) =>
        reports.forAgent(agent, input, await deps.activeSites.of(agent)),
      ),
      'session.label': handler(SessionLabelSchema, async ({ sessionId, ...change }) => {
        const session = await store.getSession(sessionId);
        if (!session) return fail('not_found', `No session ${sessionId}`);
        if (!mayRead(agent, session)) return fail('forbidden', 'That session is not for your teams');
        return deps.labels.label(session, change, agentAuthor(agent));
      }),
      'note.add': handler(NoteAddSchema, (input) => deps.notes.add(agent, input)),
      'note.list': handler(SessionRefSchema, ({ sessionId }) => deps.notes.list(agent, sessionId)),
      typing: handler(TypingSchema, async ({ sessionId, on }) => {
        await agents.typing(agent, sessionId, on);
        return undefined;
      }),
      ...supervisorHandlers(socket, agent, deps.supervisors),
    });

    Promise.all([presence.connected(agent), deps.activeSites.of(agent)]).then(
      ([now, activeSite]) =>
        socket.emit('welcome', {
          agent: agentProfile(agent),
          presence: now,
          reasons,
          directory: directoryOf(config, agent),
          email: deps.email.enabled,
          canned: cannedFor(config.sites, (siteKey) =>
            worksOn(agent, siteKey) ? traitsOn(agent, siteKey).teams : undefined,
          ),
          activeSite: activeSite ?? null,
        }),
      (error: unknown) =>
        deps.handlerContext(socket.id).logger.error({ err: error }, 'cannot record presence'),
    );
  });
}
