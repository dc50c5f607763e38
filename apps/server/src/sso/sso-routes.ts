import { randomUUID } from 'node:crypto';
import { fail } from '@parley/protocol';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import * as v from 'valibot';
import { agentProfile } from '../agents/agent-profile.js';
import type { ParleyConfig } from '../config/config-schema.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { SessionStore } from '../store/session-store.js';
import { createOidcClient, type OidcFlow } from './oidc-client.js';
import { signedValues } from './signed-value.js';

export interface SsoRoutesDeps {
  config: ParleyConfig;
  store: SessionStore;
  loginLimiter: RateLimiterMemory;
  audit: AuditTrail;
  clock: () => number;
}

/** Why a sign-in came back to the desk without an agent (`/desk/#sso-error=…`, docs/humans.md). */
export type SsoErrorCode = 'expired' | 'denied' | 'failed' | 'no_email' | 'unverified' | 'unknown_agent';

const FLOW_COOKIE = 'parley_oidc';
const FLOW_PATH = '/api/agent/oidc';
/** Time to sign in at the provider. */
const FLOW_TTL_MS = 10 * 60_000;
/** Time for the desk to trade its ticket for a login token. */
const TICKET_TTL_MS = 60_000;

const FlowSchema = v.object({
  state: v.string(),
  nonce: v.string(),
  verifier: v.string(),
  redirectUrl: v.string(),
});
const TicketSchema = v.object({ agentId: v.string(), id: v.string(), exp: v.number() });
const ExchangeSchema = v.strictObject({ ticket: v.pipe(v.string(), v.maxLength(2048)) });

/**
 * Agents' single sign-on with OpenID Connect (issue 15; docs/humans.md "Single sign-on"):
 * - `GET /api/agent/sso`: the sign-in buttons the desk shows (none unless `sso.oidc` is set);
 * - `GET /api/agent/oidc/start`: to the provider, with PKCE, state and nonce kept in a signed,
 *   HttpOnly cookie for ten minutes;
 * - `GET /api/agent/oidc/callback`: checks the provider's answer and ID token, finds the agent by
 *   the verified email, and goes back to the desk with a one-minute, single-use ticket in the URL
 *   fragment (never sent to a server, and taken off the address bar by the desk at once), or
 *   with `#sso-error=<code>`;
 * - `POST /api/agent/oidc/exchange { ticket }`: the ticket for a login token, as the password
 *   login answers (`{ ok, token, agent }`), audited as `agent.login` with `method: 'sso'`.
 */
export function registerSsoRoutes(app: FastifyInstance, deps: SsoRoutesDeps): void {
  const { config, store, audit, clock } = deps;
  const oidcConfig = config.sso.oidc;

  app.get('/api/agent/sso', async () => ({
    ok: true,
    providers: oidcConfig ? [{ id: 'oidc', label: oidcConfig.label, start: `${FLOW_PATH}/start` }] : [],
  }));
  if (!oidcConfig) return;

  const oidc = createOidcClient(oidcConfig);
  const seal = signedValues(oidcConfig.secret, clock);
  // A ticket is taken once in this process; across processes its minute bounds a replay, and only
  // the browser that signed in ever held it.
  const usedTickets = new Map<string, number>();

  const secure = (request: FastifyRequest) => request.protocol === 'https';
  const flowCookie = (request: FastifyRequest, value: string, maxAge: number) =>
    serializeCookie(FLOW_COOKIE, value, {
      httpOnly: true,
      secure: secure(request),
      // Lax: the provider's redirect back is a top-level GET, which carries it.
      sameSite: 'lax',
      path: FLOW_PATH,
      maxAge,
    });
  const backToDesk = (request: FastifyRequest, reply: FastifyReply, fragment: string) =>
    reply
      .header('set-cookie', flowCookie(request, '', 0))
      .header('cache-control', 'no-store')
      .redirect(`/desk/#${fragment}`);
  const failed = (request: FastifyRequest, reply: FastifyReply, code: SsoErrorCode) =>
    backToDesk(request, reply, `sso-error=${code}`);

  app.get('/api/agent/oidc/start', async (request, reply) => {
    const redirectUrl =
      oidcConfig.redirectUrl ?? `${request.protocol}://${request.host}${FLOW_PATH}/callback`;
    let started: Awaited<ReturnType<typeof oidc.start>>;
    try {
      started = await oidc.start(redirectUrl);
    } catch (error) {
      request.log.error(
        { err: error, issuer: oidcConfig.issuer },
        'single sign-on: the provider cannot be reached',
      );
      return failed(request, reply, 'failed');
    }
    const cookie = seal.sign('oidc-flow', { ...started.flow }, FLOW_TTL_MS);
    return reply
      .header('set-cookie', flowCookie(request, cookie, FLOW_TTL_MS / 1000))
      .header('cache-control', 'no-store')
      .redirect(started.url.href);
  });

  app.get('/api/agent/oidc/callback', async (request, reply) => {
    const opened = seal.open('oidc-flow', parseCookie(request.headers.cookie ?? '')[FLOW_COOKIE]);
    const flow = v.safeParse(FlowSchema, opened);
    if (!flow.success) return failed(request, reply, 'expired');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    if (new URLSearchParams(query).has('error')) return failed(request, reply, 'denied');
    let identity: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      identity = await oidc.finish(query, flow.output as OidcFlow);
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on: the provider answer was refused');
      return failed(request, reply, 'failed');
    }
    if (!identity.email) return failed(request, reply, 'no_email');
    if (!identity.emailVerified && !oidcConfig.allowUnverifiedEmail)
      return failed(request, reply, 'unverified');
    const agent = config.agents.find((a) => a.email === identity.email);
    if (!agent) {
      request.log.warn({ subject: identity.subject }, 'single sign-on: no agent has that email');
      return failed(request, reply, 'unknown_agent');
    }
    const ticket = seal.sign('desk-ticket', { agentId: agent.id, id: randomUUID() }, TICKET_TTL_MS);
    return backToDesk(request, reply, `sso=${encodeURIComponent(ticket)}`);
  });

  app.post('/api/agent/oidc/exchange', async (request, reply) => {
    try {
      await deps.loginLimiter.consume(request.ip);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return reply.code(429).send(fail('rate_limited', 'Too many login attempts; wait a minute'));
    }
    const body = v.safeParse(ExchangeSchema, request.body);
    if (!body.success) return reply.code(400).send(fail('invalid_payload', 'Send { ticket }'));
    const ticket = v.safeParse(TicketSchema, seal.open('desk-ticket', body.output.ticket));
    const now = clock();
    for (const [id, exp] of usedTickets) if (exp <= now) usedTickets.delete(id);
    if (!ticket.success || usedTickets.has(ticket.output.id)) {
      return reply.code(401).send(fail('unauthorized', 'This sign-in has expired; sign in again'));
    }
    usedTickets.set(ticket.output.id, ticket.output.exp);
    const agent = config.agents.find((a) => a.id === ticket.output.agentId);
    if (!agent) return reply.code(401).send(fail('unauthorized', 'This agent is no longer configured'));
    const token = await store.createAgentToken(agent.id, config.agentSettings.tokenHours * 3_600_000);
    request.log.info({ agent: agent.id }, 'agent logged in with single sign-on');
    await audit.record({
      actor: { kind: 'agent', id: agent.id },
      action: 'agent.login',
      details: { method: 'sso' },
    });
    return { ok: true, token, agent: agentProfile(agent) };
  });
}
