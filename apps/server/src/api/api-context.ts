import { fail, type Result, type SessionSummary } from '@parley/protocol';
import * as v from 'valibot';
import type { AgentService } from '../agents/agent-service.js';
import type { PresenceService } from '../agents/presence-service.js';
import type { SupervisorService } from '../agents/supervisor-service.js';
import type { AgentConfig, BotConfig, ParleyConfig } from '../config/config-schema.js';
import type { FileService } from '../files/file-service.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { HistoryService } from '../history/history-service.js';
import type { RecordsStore } from '../records/records-store.js';
import type { BotService } from '../sessions/bot-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { VisitorRouting } from '../sessions/visitor-routing.js';
import type { SessionStore } from '../store/session-store.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import type { ApiCaller } from './api-route.js';

/** The services the REST API's routes call: the same ones the sockets call, never the store's writes. */
export interface ApiServices {
  config: ParleyConfig;
  /** The guarded live store, for reads (a session, its log) and visitors. */
  store: SessionStore;
  records: RecordsStore | undefined;
  sessions: SessionService;
  routing: VisitorRouting;
  bots: BotService;
  agents: AgentService;
  presence: PresenceService;
  /** The team view and a colleague's presence, for admin keys (issue 15). */
  supervisors: SupervisorService;
  history: HistoryService;
  audit: AuditTrail;
  clock: () => number;
  /** The site's webhooks (issue 13); undefined without records, where they live. */
  webhooks?: WebhookService | undefined;
  /** Files (issue 14); undefined when the server keeps none. */
  files?: FileService | undefined;
}

/** An id in a path: what Parley's ids are made of (Fastify refuses paths of over 100 characters). */
const id = v.pipe(v.string(), v.regex(/^[\w.:-]{1,100}$/, 'Not an id'));

/** Path parameters naming one thing: `{id}`. */
export const IdParamsSchema = v.strictObject({ id });

/** A page size in a query: digits, 1 to 100. */
export const LimitQuerySchema = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,3}$/, 'limit is a number'),
    v.transform(Number),
    v.minValue(1),
    v.maxValue(100),
  ),
);

/** A page cursor in a query: the `next` of the previous page. */
export const CursorQuerySchema = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200)));

/** `{ as: 'bot', botId }` or `{ as: 'agent', agentId }`: who a write is made as. */
export const asBot = { as: v.literal('bot'), botId: id } as const;
export const asAgent = { as: v.literal('agent'), agentId: id } as const;

/** The records, or the answer that there are none. */
export function recordsOf(services: ApiServices): Result<RecordsStore> {
  return services.records
    ? { ok: true, value: services.records }
    : fail('unavailable', 'This server keeps no conversation records');
}

/** A live session of the caller's site; another site's is as good as unknown. */
export async function siteSession(
  services: ApiServices,
  caller: ApiCaller,
  sessionId: string,
): Promise<Result<SessionSummary>> {
  const session = await services.store.getSession(sessionId);
  return session && session.siteKey === caller.site.key
    ? { ok: true, value: session }
    : fail('not_found', `No live session ${sessionId} on site ${caller.site.key}`);
}

/** The configured bot a write is made as. */
function botNamed(services: ApiServices, botId: string): Result<BotConfig> {
  const bot = services.config.bots.find((b) => b.id === botId);
  return bot ? { ok: true, value: bot } : fail('not_found', `No bot ${botId}`);
}

/** The configured agent a write is made as. */
function agentNamed(services: ApiServices, agentId: string): Result<AgentConfig> {
  const agent = services.config.agents.find((a) => a.id === agentId);
  return agent ? { ok: true, value: agent } : fail('not_found', `No agent ${agentId}`);
}

type Speaking = { as: 'bot'; botId: string } | { as: 'agent'; agentId: string } | { as: 'api' };

/** How each kind of speaker makes a write (`writeAs`); a kind the body's schema never allows may be left out. */
export interface SpeakerRuns<B extends Speaking, T> {
  bot?: (bot: BotConfig, body: Extract<B, { as: 'bot' }>) => Promise<Result<T>>;
  agent?: (agent: AgentConfig, body: Extract<B, { as: 'agent' }>) => Promise<Result<T>>;
  api?: (body: Extract<B, { as: 'api' }>) => Promise<Result<T>>;
}

/**
 * A write on a live session of the caller's site, made as the bot or the agent the body names
 * (`as`), or as the key itself (`api`): `not_found` for another site's session or an unknown bot
 * or agent; otherwise what the matching run answers (the services authorise the speaker).
 * @example writeAs(services, caller, id, body, { bot: (bot, b) => bots.close(bot, { sessionId: id }) })
 */
export async function writeAs<B extends Speaking, T>(
  services: ApiServices,
  caller: ApiCaller,
  sessionId: string,
  body: B,
  runs: SpeakerRuns<B, T>,
): Promise<Result<T>> {
  const session = await siteSession(services, caller, sessionId);
  if (!session.ok) return session;
  if (body.as === 'bot' && runs.bot) {
    const bot = botNamed(services, body.botId);
    return bot.ok ? runs.bot(bot.value, body as Extract<B, { as: 'bot' }>) : bot;
  }
  if (body.as === 'agent' && runs.agent) {
    const agent = agentNamed(services, body.agentId);
    return agent.ok ? runs.agent(agent.value, body as Extract<B, { as: 'agent' }>) : agent;
  }
  if (body.as === 'api' && runs.api) return runs.api(body as Extract<B, { as: 'api' }>);
  return fail('invalid_payload', `Not as ${body.as}`);
}
