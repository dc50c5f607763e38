import {
  type Author,
  type BotAppConfig,
  type BotMessage,
  type Feedback,
  fail,
  LIMITS,
  type Result,
  type RouteTarget,
  type SessionData,
  type SessionSummary,
  type SessionSync,
} from '@parley/protocol';
import type { BotConfig, ParleyConfig, SiteConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { checkFeedback } from './feedback-scale.js';
import type { Publisher } from './publisher.js';
import type { Router } from './routing.js';
import type { SessionService } from './session-service.js';

export interface BotServiceDeps {
  config: ParleyConfig;
  store: SessionStore;
  sessions: SessionService;
  publish: Publisher;
  route: Router;
  clock: () => number;
}

const author = (bot: BotConfig): Author => ({ role: 'bot', id: bot.id, name: bot.name });

/**
 * What bots may do (issue 3, DESIGN.md "Security model"): each action is authorised on its own,
 * and a bot may act only on the open sessions it handles, or start one with a visitor it has
 * talked to before.
 */
export function createBotService({ config, store, sessions, publish, route, clock }: BotServiceDeps) {
  const siteOf = (session: SessionSummary): SiteConfig | undefined =>
    config.sites.find((s) => s.key === session.siteKey);

  /** The open session, when this bot handles it. */
  const ownSession = async (bot: BotConfig, sessionId: string): Promise<Result<SessionSummary>> => {
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    if (session.handler?.kind !== 'bot' || session.handler.id !== bot.id) {
      return fail('forbidden', 'That session is not handled by this bot');
    }
    if (session.status !== 'bot') {
      return fail('session_closed', `The session is ${session.status}, not with the bot`);
    }
    return { ok: true, value: session };
  };

  /**
   * The seq of a write this bot already made with this client id. A retry whose first try was
   * stored just before the session left the bot (closed, routed) gets that seq back, like any
   * retry, rather than `session_closed`.
   */
  const earlierWrite = async (
    bot: BotConfig,
    sessionId: string,
    clientId: string,
  ): Promise<number | undefined> => {
    const log = await store.eventsSince(sessionId, 0, Number.MAX_SAFE_INTEGER);
    const found = log.find(
      (e) =>
        e.type !== 'session.changed' &&
        e.clientId === clientId &&
        e.author.role === 'bot' &&
        e.author.id === bot.id,
    );
    return found?.seq;
  };

  /** The open session this bot handles; or, for a retried write, the seq its first try got. */
  const ownSessionOrRetry = async (
    bot: BotConfig,
    sessionId: string,
    clientId: string,
  ): Promise<Result<SessionSummary> | { ok: 'retry'; seq: number }> => {
    const allowed = await ownSession(bot, sessionId);
    if (allowed.ok || allowed.error.code !== 'session_closed') return allowed;
    const seq = await earlierWrite(bot, sessionId, clientId);
    return seq === undefined ? allowed : { ok: 'retry', seq };
  };

  const say = async (bot: BotConfig, sessionId: string, clientId: string, message: BotMessage) => {
    const written = await store.appendMessage({
      sessionId,
      clientId,
      author: author(bot),
      require: { handler: { kind: 'bot', id: bot.id }, status: 'bot' },
      text: message.text.trim(),
      ...(message.quickReplies ? { quickReplies: message.quickReplies } : {}),
      ...(message.buttons ? { buttons: message.buttons } : {}),
      now: clock(),
    });
    return sessions.published(written);
  };

  /** Data after merging `patch`, refused when it would hold too many keys. */
  const mergedSize = (current: SessionData, patch: SessionData): number =>
    Object.entries({ ...current, ...patch }).filter(([, value]) => value !== null).length;

  /** A session this bot opened: it holds the session already, so it is published, not announced. */
  const opened = async (
    bot: BotConfig,
    site: SiteConfig,
    visitorId: string,
    previous: SessionSummary,
    input: { message?: BotMessage | undefined; data?: SessionData | undefined },
    reason: string,
  ): Promise<Result<SessionSync>> => {
    const { session, created } = await sessions.open({ site, visitorId }, previous.visitor, {
      handler: { kind: 'bot', id: bot.id },
      reason,
      ...(input.data ? { data: input.data } : {}),
    });
    if (!created) return fail('conflict', 'The visitor already has an open session');
    if (input.message) await say(bot, session.id, `${reason}:${session.id}`, input.message);
    const fresh = (await store.getSession(session.id)) ?? session;
    return {
      ok: true,
      value: { session: fresh, events: await store.eventsSince(session.id, 0, LIMITS.syncEvents) },
    };
  };

  /**
   * Whether this bot handled a session it no longer holds (closed, or routed on): its last
   * handler was this bot, or the log shows this bot speaking or acting there. Only the handling
   * bot can do either, so naming a session id in `sync` cursors reveals nothing else.
   */
  const handledBy = async (session: SessionSummary, bot: BotConfig): Promise<boolean> => {
    if (session.handler?.kind === 'bot' && session.handler.id === bot.id) return true;
    const log = await store.eventsSince(session.id, 0, LIMITS.syncEvents);
    return log.some((e) =>
      e.type === 'session.changed'
        ? e.by?.role === 'bot' && e.by.id === bot.id
        : e.author.role === 'bot' && e.author.id === bot.id,
    );
  };

  return {
    ownSession,

    async send(bot: BotConfig, input: { sessionId: string; clientId: string } & BotMessage) {
      const allowed = await ownSessionOrRetry(bot, input.sessionId, input.clientId);
      if (allowed.ok === 'retry') return { ok: true as const, value: { seq: allowed.seq } };
      if (!allowed.ok) return allowed;
      const acked = await say(bot, input.sessionId, input.clientId, input);
      return acked.ok ? { ok: true as const, value: { seq: acked.value.seq } } : acked;
    },

    async route(bot: BotConfig, input: { sessionId: string } & RouteTarget) {
      const allowed = await ownSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      const { sessionId: _, ...target } = input;
      if (target.params && mergedSize(allowed.value.data, target.params) > LIMITS.attributes) {
        return fail('payload_too_large', `Session data holds at most ${LIMITS.attributes} keys`);
      }
      return route(allowed.value, target, author(bot));
    },

    async close(bot: BotConfig, input: { sessionId: string; reason?: string | undefined }) {
      const allowed = await ownSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      const changed = await store.changeStatus({
        sessionId: input.sessionId,
        to: 'closed',
        reason: input.reason ?? 'bot',
        by: author(bot),
        now: clock(),
      });
      if (!changed.ok) return changed;
      publish.event(changed.value.session, changed.value.event);
      return { ok: true as const, value: { seq: changed.value.event.seq } };
    },

    async feedback(bot: BotConfig, input: { sessionId: string; clientId: string } & Feedback) {
      const allowed = await ownSessionOrRetry(bot, input.sessionId, input.clientId);
      if (allowed.ok === 'retry') return { ok: true as const, value: { seq: allowed.seq } };
      if (!allowed.ok) return allowed;
      const { sessionId, clientId, ...feedback } = input;
      const checked = checkFeedback(siteOf(allowed.value), feedback);
      if (!checked.ok) return checked;
      const written = await store.appendFeedback({
        sessionId,
        clientId,
        author: author(bot),
        feedback,
        now: clock(),
      });
      if (!written.ok) return written;
      // A duplicate too: its first publish may have been lost (see `sessions.published`).
      publish.event(written.value.session, written.value.event);
      return { ok: true as const, value: { seq: written.value.event.seq } };
    },

    async setData(bot: BotConfig, input: { sessionId: string; data: SessionData }) {
      const allowed = await ownSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      if (mergedSize(allowed.value.data, input.data) > LIMITS.attributes) {
        return fail('payload_too_large', `Session data holds at most ${LIMITS.attributes} keys`);
      }
      const set = await store.setData(input.sessionId, input.data, clock());
      return set.ok ? { ok: true as const, value: { data: set.value.data } } : set;
    },

    /** Ends the session and opens a fresh one for the same visitor with this bot. */
    async newSession(bot: BotConfig, input: { sessionId: string; message?: BotMessage; data?: SessionData }) {
      const allowed = await ownSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      const site = siteOf(allowed.value);
      if (!site) return fail('not_found', `No site ${allowed.value.siteKey}`);
      const closed = await store.changeStatus({
        sessionId: input.sessionId,
        to: 'closed',
        reason: 'new-session',
        by: author(bot),
        now: clock(),
      });
      if (!closed.ok) return closed;
      publish.event(closed.value.session, closed.value.event);
      return opened(bot, site, allowed.value.visitorId, allowed.value, input, 'new-session');
    },

    /** Opens a session for a visitor this bot has talked to before, when none is open. */
    async startSession(
      bot: BotConfig,
      input: { visitorId: string; message?: BotMessage; data?: SessionData },
    ) {
      const history = await store.visitorSessions(input.visitorId, LIMITS.syncSessions);
      const known = history.find((s) => s.handler?.kind === 'bot' && s.handler.id === bot.id);
      if (!known) return fail('forbidden', 'This bot has not talked to that visitor');
      if (history.some((s) => s.status !== 'closed'))
        return fail('conflict', 'The visitor already has an open session');
      const site = siteOf(known);
      if (!site) return fail('not_found', `No site ${known.siteKey}`);
      return opened(bot, site, input.visitorId, known, input, 'bot-start');
    },

    /** The bot's open sessions, plus any session it knew (per its cursors) that has since left it. */
    async sync(bot: BotConfig, cursors: Record<string, number>): Promise<SessionSync[]> {
      const open = await store.handlerSessions({ kind: 'bot', id: bot.id });
      const openIds = new Set(open.map((s) => s.id));
      const known = await Promise.all(
        Object.keys(cursors)
          .filter((id) => !openIds.has(id))
          .map((id) => store.getSession(id)),
      );
      const handled = await Promise.all(
        known.map(async (s) => (s !== null && (await handledBy(s, bot)) ? s : null)),
      );
      const left = handled.filter((s): s is SessionSummary => s !== null);
      return sessions.sync([...open, ...left], cursors);
    },

    async typing(bot: BotConfig, sessionId: string, on: boolean): Promise<void> {
      const allowed = await ownSession(bot, sessionId);
      if (!allowed.ok) return;
      publish.typingToVisitor(allowed.value.visitorId, { sessionId, author: author(bot), on });
    },

    appConfig(bot: BotConfig): BotAppConfig {
      // Queues are shared by every site, so a bot that serves a queue may get any site's visitors.
      const servesQueue = config.queues.some((q) => q.bot === bot.id);
      const sites = config.sites.filter((s) => servesQueue || s.entry.bot === bot.id);
      return {
        bot: { id: bot.id, name: bot.name },
        sites: sites.map((s) => ({
          key: s.key,
          name: s.name,
          texts: s.texts,
          feedbackScale: s.feedbackScale,
        })),
        queues: config.queues.map((q) => ({
          id: q.id,
          name: q.name ?? q.id,
          kind: q.bot ? 'bot' : 'human',
          ...(q.bot ? { bot: q.bot } : {}),
        })),
      };
    },
  };
}

export type BotService = ReturnType<typeof createBotService>;
