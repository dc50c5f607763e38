import { AgentLoginSchema, fail, parsePayload } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { agentProfile } from '../agents/agent-profile.js';
import { NO_MATCH, verifyPassword } from '../agents/password.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { AgentNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionStore } from '../store/session-store.js';
import { hashToken } from '../store/visitor-token.js';

export interface AgentRoutesDeps {
  config: ParleyConfig;
  store: SessionStore;
  agentNamespace: AgentNamespace;
  /** Login attempts per IP (brute-force protection). */
  loginLimiter: RateLimiterMemory;
  audit: AuditTrail;
}

const bearer = (header: string | undefined): string | undefined => /^Bearer (\S+)$/.exec(header ?? '')?.[1];

/**
 * The desk's REST login: `POST /api/agent/login { email, password }` answers
 * `{ ok: true, token, agent }`; `POST /api/agent/logout` with `Authorization: Bearer TOKEN`
 * revokes the token and disconnects that login's live sockets in every server process.
 */
export function registerAgentRoutes(
  app: FastifyInstance,
  { config, store, agentNamespace, loginLimiter, audit }: AgentRoutesDeps,
) {
  app.post('/api/agent/login', async (request, reply) => {
    try {
      await loginLimiter.consume(request.ip);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return reply.code(429).send(fail('rate_limited', 'Too many login attempts; wait a minute'));
    }
    const parsed = parsePayload(AgentLoginSchema, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed);
    const agent = config.agents.find((a) => a.email === parsed.value.email);
    // Unknown emails are checked against a hash too, so timing does not tell which emails exist.
    const matches = await verifyPassword(parsed.value.password, agent?.password ?? NO_MATCH);
    if (!agent || !matches) return reply.code(401).send(fail('unauthorized', 'Wrong email or password'));
    const token = await store.createAgentToken(agent.id, config.agentSettings.tokenHours * 3_600_000);
    request.log.info({ agent: agent.id }, 'agent logged in');
    await audit.record({ actor: { kind: 'agent', id: agent.id }, action: 'agent.login' });
    return { ok: true, token, agent: agentProfile(agent) };
  });

  app.post('/api/agent/logout', async (request, reply) => {
    const token = bearer(request.headers.authorization);
    if (!token) return reply.code(401).send(fail('unauthorized', 'Send the login token as a Bearer token'));
    const agentId = await store.findAgentToken(token);
    const revoked = await store.revokeAgentToken(token);
    agentNamespace.in(rooms.agentLogin(hashToken(token))).disconnectSockets(true);
    if (agentId) await audit.record({ actor: { kind: 'agent', id: agentId }, action: 'agent.logout' });
    return { ok: true, revoked };
  });
}
