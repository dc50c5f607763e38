import type { Logger } from 'pino';
import { agentStartClientId } from '../agents/start-service.js';
import type { ParleyConfig } from '../config/config-schema.js';
import { createRecordsWriter, type RecordsSink } from '../consumers/records-writer.js';
import type { SessionStore } from '../store/session-store.js';
import { agentStartMail, offlineEmail, offlineMail } from './mail-messages.js';
import type { Mailer } from './mailer.js';

/** The consumer of the session log whose cursor says which offline messages were mailed. */
export const EMAIL_CONSUMER = 'email';

export interface OfflineMailerDeps {
  config: ParleyConfig;
  store: SessionStore;
  mailer: Mailer;
  clock: () => number;
  logger: Logger;
  /**
   * Whether the visitor has a widget connected now, on any process (the visitor room's sockets
   * across the Socket.IO adapter): a conversation an agent started is mailed only when not.
   */
  visitorOnline: (visitorId: string) => Promise<boolean>;
  /** How long a session whose mail failed waits before it is tried again (default 15 s). */
  retryMs?: number;
  /** How long to wait between rounds without a backlog (default 1 s). */
  idleMs?: number;
}

/**
 * Mails every offline message to its site's team (issue 13), Reply-To the visitor's address; and
 * the opening message of a conversation an agent started (issue 15, item 5) to its visitor, when
 * they have an email address and no widget connected as the consumer reaches it (their widget
 * shows it otherwise, with an unread badge). It is a consumer of the session log (DESIGN.md, "Consumers of the session log"), run by the
 * records writer's loop under its own name: a session's cursor moves past an offline form only
 * once its mail was accepted by the SMTP server. A mail that fails leaves the session leased, and
 * it is tried again when the lease ends; a process killed before sending leaves it pending, so
 * another process (or this one restarted) sends it. With the Redis store that survives any
 * restart; with the memory store, as much as the live sessions do. At least once: a mail may
 * go twice after a crash between sending and the release, with the same Message-ID.
 * Why not an outbox table in the records: the records are written behind, by this same mechanism;
 * a second queue would need its own claims and leases, and no migration is needed this way.
 * @example
 * const offline = createOfflineMailer({ config, store, mailer, clock: Date.now, logger, visitorOnline });
 * offline.start();
 */
export function createOfflineMailer({
  config,
  store,
  mailer,
  clock,
  logger,
  visitorOnline,
  retryMs,
  idleMs,
}: OfflineMailerDeps) {
  const sites = new Map(config.sites.map((site) => [site.key, site]));
  const sink: RecordsSink = {
    async record(session, events) {
      const site = sites.get(session.siteKey);
      if (!site?.email) return;
      for (const event of events) {
        if (event.type === 'message' && event.clientId === agentStartClientId(session.id)) {
          const to = session.visitor.email;
          if (!to) continue;
          if (await visitorOnline(session.visitorId)) {
            // Their widget shows it, with an unread badge: no mail.
            logger.info({ sessionId: session.id, site: site.key }, 'agent-started conversation shown live');
            continue;
          }
          await mailer.send({
            to,
            replyTo: site.email.team,
            messageId: `<start.${session.id}@parley>`,
            ...agentStartMail(site, session, event),
          });
          logger.info({ sessionId: session.id, site: site.key }, 'agent-started conversation mailed');
          continue;
        }
        if (event.type !== 'form' || event.form !== 'offline') continue;
        const replyTo = offlineEmail(site, event);
        await mailer.send({
          to: site.email.team,
          ...(replyTo ? { replyTo } : {}),
          messageId: `<offline.${session.id}.${event.seq}@parley>`,
          ...offlineMail(site, session, event),
        });
        logger.info(
          { sessionId: session.id, seq: event.seq, site: site.key },
          'offline message mailed to the team',
        );
      }
    },
  };
  return createRecordsWriter({
    consumer: EMAIL_CONSUMER,
    store,
    records: sink,
    clock,
    logger,
    ...(retryMs ? { leaseMs: retryMs } : {}),
    ...(idleMs ? { idleMs } : {}),
  });
}
