import { randomUUID } from 'node:crypto';
import {
  type Author,
  fail,
  LIMITS,
  type Result,
  type SessionEvent,
  type SessionSummary,
  type SessionSync,
  type VisitorInfo,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { BotConfig, SiteConfig } from '../config/config-schema.js';
import type { BotNamespace, VisitorNamespace } from '../realtime/namespaces.js';
import { rooms } from '../realtime/rooms.js';
import type { SessionStore } from '../store/session-store.js';

export interface VisitorRef {
  site: SiteConfig;
  visitorId: string;
}

export interface SessionServiceDeps {
  store: SessionStore;
  namespaces: { visitor: VisitorNamespace; bot: BotNamespace };
  clock: () => number;
  logger: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The conversation rules shared by every namespace: who may read and write which session, what
 * opens and closes a session, and who hears about each new event. Handlers validate payloads;
 * this layer authorises and writes through the store, then publishes.
 */
export function createSessionService({ store, namespaces, clock, logger }: SessionServiceDeps) {
  /** Sends a new event to every tab of its visitor and to the bot handling the session. */
  const publish = (session: SessionSummary, event: SessionEvent) => {
    namespaces.visitor.to(rooms.visitor(session.visitorId)).emit('session.event', event);
    if (session.handler?.kind === 'bot')
      namespaces.bot.to(rooms.bot(session.handler.id)).emit('session.event', event);
  };

  const sync = async (sessions: SessionSummary[], cursors: Record<string, number>): Promise<SessionSync[]> =>
    Promise.all(
      sessions.map(async (session) => ({
        session,
        events: await store.eventsSince(session.id, cursors[session.id] ?? 0, LIMITS.syncEvents),
      })),
    );

  const ownSession = async (visitor: VisitorRef, sessionId: string): Promise<Result<SessionSummary>> => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (session.visitorId !== visitor.visitorId || session.siteKey !== visitor.site.key) {
      return fail('forbidden', 'That session belongs to someone else');
    }
    return { ok: true, value: session };
  };

  const openForVisitor = async (visitor: VisitorRef, info: VisitorInfo): Promise<SessionSummary> => {
    const { site } = visitor;
    const opened = await store.openSession({
      sessionId: randomUUID(),
      siteKey: site.key,
      visitorId: visitor.visitorId,
      visitor: info,
      status: 'bot',
      handler: { kind: 'bot', id: site.entry.bot },
      reason: 'entry',
      idleTimeoutMs: site.idleTimeoutSeconds * 1000,
      retentionMs: site.retentionDays * DAY_MS,
      now: clock(),
    });
    if (opened.created) {
      const { session, events } = opened;
      logger.info({ sessionId: session.id, site: site.key, visitorId: visitor.visitorId }, 'session opened');
      for (const event of events)
        namespaces.visitor.to(rooms.visitor(session.visitorId)).emit('session.event', event);
      if (session.handler?.kind === 'bot') {
        namespaces.bot.to(rooms.bot(session.handler.id)).emit('session.created', { session, events });
      }
    }
    return opened.session;
  };

  const visitorAuthor = (visitor: VisitorRef, info: VisitorInfo): Author => ({
    role: 'visitor',
    id: visitor.visitorId,
    ...(info.name ? { name: info.name } : {}),
  });

  /** Publishes a freshly written message (not a duplicate) and shapes the ack. */
  const published = (
    written: Awaited<ReturnType<SessionStore['appendMessage']>>,
  ): Result<{ sessionId: string; seq: number }> => {
    if (!written.ok) return written;
    const { event, session, duplicate } = written.value;
    if (!duplicate) publish(session, event);
    return { ok: true, value: { sessionId: session.id, seq: event.seq } };
  };

  /** A bot may act only on the open sessions it handles. */
  const botSession = async (bot: BotConfig, sessionId: string): Promise<Result<SessionSummary>> => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (session.handler?.kind !== 'bot' || session.handler.id !== bot.id) {
      return fail('forbidden', 'That session is not handled by this bot');
    }
    if (session.status !== 'bot')
      return fail('session_closed', `The session is ${session.status}, not with the bot`);
    return { ok: true, value: session };
  };

  return {
    openForVisitor,

    /**
     * A visitor's message. It goes to the given session while that is open (or when it is a
     * retry of a message already stored there); otherwise it opens a new session.
     */
    async visitorSend(
      visitor: VisitorRef,
      info: VisitorInfo,
      input: { sessionId?: string | undefined; clientId: string; text: string },
    ): Promise<Result<{ sessionId: string; seq: number }>> {
      const write = async (sessionId: string) =>
        store.appendMessage({
          sessionId,
          clientId: input.clientId,
          author: visitorAuthor(visitor, info),
          text: input.text,
          now: clock(),
        });
      if (input.sessionId) {
        const own = await ownSession(visitor, input.sessionId);
        if (!own.ok) return own;
        const written = await write(input.sessionId);
        if (written.ok || written.error.code !== 'session_closed') return published(written);
      }
      const session = await openForVisitor(visitor, info);
      return published(await write(session.id));
    },

    async visitorClose(visitor: VisitorRef, sessionId: string): Promise<Result<{ seq: number }>> {
      const own = await ownSession(visitor, sessionId);
      if (!own.ok) return own;
      if (own.value.status === 'closed') return fail('session_closed', 'The session is already closed');
      const changed = await store.changeStatus({
        sessionId,
        to: 'closed',
        reason: 'visitor',
        by: { role: 'visitor', id: visitor.visitorId },
        now: clock(),
      });
      if (!changed.ok) return changed;
      publish(changed.value.session, changed.value.event);
      return { ok: true, value: { seq: changed.value.event.seq } };
    },

    async visitorSync(visitor: VisitorRef, cursors: Record<string, number>): Promise<SessionSync[]> {
      const sessions = await store.visitorSessions(visitor.visitorId, LIMITS.syncSessions);
      return sync(
        sessions.filter((s) => s.siteKey === visitor.site.key),
        cursors,
      );
    },

    async visitorTyping(visitor: VisitorRef, sessionId: string, on: boolean): Promise<void> {
      const own = await ownSession(visitor, sessionId);
      if (!own.ok || own.value.status === 'closed') return;
      const notice = { sessionId, author: { role: 'visitor' as const, id: visitor.visitorId }, on };
      if (own.value.handler?.kind === 'bot')
        namespaces.bot.to(rooms.bot(own.value.handler.id)).emit('typing', notice);
    },

    botSession,

    async botSend(bot: BotConfig, input: { sessionId: string; clientId: string; text: string }) {
      const allowed = await botSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      const written = await store.appendMessage({
        ...input,
        author: { role: 'bot', id: bot.id, name: bot.name },
        now: clock(),
      });
      const acked = published(written);
      return acked.ok ? { ok: true as const, value: { seq: acked.value.seq } } : acked;
    },

    /** The bot's open sessions, plus any session it knew (per its cursors) that has since left it. */
    async botSync(bot: BotConfig, cursors: Record<string, number>): Promise<SessionSync[]> {
      const open = await store.handlerSessions({ kind: 'bot', id: bot.id });
      const openIds = new Set(open.map((s) => s.id));
      const known = await Promise.all(
        Object.keys(cursors)
          .filter((id) => !openIds.has(id))
          .map((id) => store.getSession(id)),
      );
      const left = known.filter(
        (s): s is SessionSummary => s !== null && s.handler?.kind === 'bot' && s.handler.id === bot.id,
      );
      return sync([...open, ...left], cursors);
    },

    async botTyping(bot: BotConfig, sessionId: string, on: boolean): Promise<void> {
      const allowed = await botSession(bot, sessionId);
      if (!allowed.ok) return;
      const notice = { sessionId, author: { role: 'bot' as const, id: bot.id, name: bot.name }, on };
      namespaces.visitor.to(rooms.visitor(allowed.value.visitorId)).emit('typing', notice);
    },

    /** Closes the sessions whose idle timeout passed and tells their visitors and bots. */
    async closeIdle(): Promise<number> {
      const closed = await store.closeIdle(clock(), 100);
      for (const { session, event } of closed) publish(session, event);
      if (closed.length > 0) logger.info({ count: closed.length }, 'closed idle sessions');
      return closed.length;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
