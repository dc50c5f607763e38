import {
  type FormEvent,
  fail,
  LIMITS,
  type OfflineReplyInput,
  type Result,
  type TranscriptEmailInput,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { mayRead } from '../agents/agent-access.js';
import type { AgentConfig, ParleyConfig, SiteConfig } from '../config/config-schema.js';
import type { AuditTrail } from '../history/audit-trail.js';
import type { SessionStore } from '../store/session-store.js';
import { offlineEmail, replyMail, transcriptMail } from './mail-messages.js';
import type { Mailer, OutgoingMail } from './mailer.js';

export interface EmailServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  /** Undefined when the config has no `email`: every action answers `not_configured`. */
  mailer: Mailer | undefined;
  audit: AuditTrail;
  logger: Logger;
  /** Transcripts one visitor may have emailed per hour (default 5). */
  transcriptsPerHour?: number;
}

const notConfigured = () => fail('not_configured', 'This site does not send email');
const notSent = () => fail('unavailable', 'The mail could not be sent right now; try again later');

/**
 * What people ask to have emailed (issue 13): a visitor their chat's transcript, an agent an
 * answer to an offline message. Each is checked (their own session; one the agent may read) and
 * sent at once, answering whether the SMTP server took it.
 * @example const email = createEmailService({ config, store, mailer, audit, logger });
 */
export function createEmailService({ config, store, mailer, audit, logger, ...options }: EmailServiceDeps) {
  const limiter = new RateLimiterMemory({ points: options.transcriptsPerHour ?? 5, duration: 60 * 60 });
  const siteOf = (key: string) => config.sites.find((site) => site.key === key);

  const send = async (mail: OutgoingMail, context: Record<string, unknown>): Promise<boolean> => {
    try {
      await mailer?.send(mail);
      return true;
    } catch (error) {
      logger.error({ err: error, ...context }, 'cannot send a mail');
      return false;
    }
  };

  return {
    /** Whether any mail is sent at all (the desk offers replies). */
    enabled: mailer !== undefined,

    /** Emails a visitor's own ended session to them; rate-limited per visitor. */
    async transcript(
      visitor: { site: SiteConfig; visitorId: string },
      { sessionId, email }: TranscriptEmailInput,
    ): Promise<Result<Record<string, never>>> {
      const { site } = visitor;
      if (!mailer || !site.email?.transcripts) return notConfigured();
      const session = await store.getSession(sessionId);
      if (!session || session.visitorId !== visitor.visitorId || session.siteKey !== site.key) {
        return fail('not_found', 'No such conversation of yours');
      }
      if (session.status !== 'closed')
        return fail('invalid_transition', 'The transcript is sent once the chat ended');
      try {
        await limiter.consume(`${site.key}:${visitor.visitorId}`);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return fail(
            'rate_limited',
            `Too many transcripts; try again in ${Math.ceil(error.msBeforeNext / 60_000)} min`,
          );
        }
        throw error;
      }
      const events = await store.eventsSince(sessionId, 0, LIMITS.syncEvents);
      const sent = await send({ to: email, ...transcriptMail(site, session, events) }, { sessionId });
      return sent ? { ok: true, value: {} } : notSent();
    },

    /** Answers an offline message by email, from the site, Reply-To its team; audited. */
    async reply(agent: AgentConfig, { sessionId, text }: OfflineReplyInput): Promise<Result<{ to: string }>> {
      if (!mailer) return notConfigured();
      const session = await store.getSession(sessionId);
      if (!session || !mayRead(agent, session)) return fail('not_found', 'No such offline message');
      const site = siteOf(session.siteKey);
      if (!site?.email) return notConfigured();
      const events = await store.eventsSince(sessionId, 0, LIMITS.syncEvents);
      const form = events.find(
        (event): event is FormEvent => event.type === 'form' && event.form === 'offline',
      );
      if (!form) return fail('not_found', 'This conversation has no offline message');
      const to = offlineEmail(site, form);
      if (!to) return fail('not_found', 'The visitor left no email address');
      const sent = await send(
        { to, replyTo: site.email.team, ...replyMail(site, session, form, text) },
        { sessionId, agent: agent.id },
      );
      if (!sent) return notSent();
      await audit.record({
        actor: { kind: 'agent', id: agent.id },
        action: 'offline.reply',
        target: { kind: 'session', id: sessionId },
        siteKey: site.key,
      });
      return { ok: true, value: { to } };
    },
  };
}

export type EmailService = ReturnType<typeof createEmailService>;
