import { fail, type Result, type SessionStartInput, type SessionSync } from '@parley/protocol';
import type { AgentConfig, ParleyConfig } from '../config/config-schema.js';
import type { RecordsStore } from '../records/records-store.js';
import { type KnownVisitor, knownVisitor } from '../sessions/known-visitor.js';
import type { Publisher } from '../sessions/publisher.js';
import type { SessionService } from '../sessions/session-service.js';
import type { SessionStore } from '../store/session-store.js';
import { sitesOf, worksOn } from './agent-access.js';
import { agentAuthor } from './agent-profile.js';

export interface StartServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  /** Where visitors seen before are found once their live sessions expired. */
  records: Pick<RecordsStore, 'visitor'> | undefined;
  sessions: SessionService;
  publish: Publisher;
  clock: () => number;
}

/** The opening message's client id: the records and the email consumer know it by this. */
export const agentStartClientId = (sessionId: string) => `agent-start:${sessionId}`;

/**
 * Agent-initiated conversations (issue 15, item 5): an agent starts a conversation with a known
 * visitor of a site they work on. It opens assigned to the agent (`created` -> `assigned`, reason
 * `agent-start`, so the records count it `agent-initiated`) with the agent's message; the visitor's
 * tabs hear it live, a widget that connects later syncs it, and the email consumer mails a
 * visitor with no widget open (`offline-mailer.ts`).
 * @example await starts.start(agent, { visitorId, message: 'Your order has shipped. Any questions?' });
 */
export function createStartService({ config, store, records, sessions, publish, clock }: StartServiceDeps) {
  /** The visitor on the site named, or on the site of their latest session, or on any of the agent's. */
  const find = async (agent: AgentConfig, input: SessionStartInput): Promise<Result<KnownVisitor>> => {
    const { visitorId, siteKey } = input;
    if (siteKey !== undefined && !worksOn(agent, siteKey)) {
      return fail('forbidden', `You do not work on site ${siteKey}`);
    }
    const [latest] = await store.visitorSessions(visitorId, 1);
    const candidates = siteKey !== undefined ? [siteKey] : latest ? [latest.siteKey] : sitesOf(agent, config);
    for (const key of candidates) {
      const known = await knownVisitor(store, records, key, visitorId);
      if (!known) continue;
      if (!worksOn(agent, known.siteKey)) return fail('forbidden', `You do not work on site ${key}`);
      return { ok: true, value: known };
    }
    return fail('not_found', `No visitor ${visitorId} seen on your sites`);
  };

  return {
    async start(agent: AgentConfig, input: SessionStartInput): Promise<Result<SessionSync>> {
      const found = await find(agent, input);
      if (!found.ok) return found;
      const site = config.sites.find((s) => s.key === found.value.siteKey);
      if (!site) return fail('not_found', `No site ${found.value.siteKey}`);
      const author = agentAuthor(agent);
      const started = await sessions.openAsHandler(
        { site, visitorId: input.visitorId },
        found.value.info,
        { handler: { kind: 'agent', id: agent.id }, status: 'assigned', reason: 'agent-start' },
        async (session) =>
          sessions.published(
            await store.appendMessage({
              sessionId: session.id,
              clientId: agentStartClientId(session.id),
              author,
              text: input.message.trim(),
              require: { handler: { kind: 'agent', id: agent.id }, status: 'assigned' },
              now: clock(),
            }),
          ),
      );
      // Every desk of the agent lists the new chat, as an assignment would.
      if (started.ok) publish.created(started.value);
      return started;
    },
  };
}

export type StartService = ReturnType<typeof createStartService>;
