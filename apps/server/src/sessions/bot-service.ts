import {
  type Author,
  type BotAppConfig,
  type BotMessage,
  type Feedback,
  fail,
  hasContent,
  LIMITS,
  NO_CONTENT,
  type Result,
  type RichContent,
  type RouteTarget,
  type SessionData,
  type SessionEvent,
  type SessionSummary,
  type SessionSync,
  writeAck,
} from '@parley/protocol';
import type { BotConfig, ParleyConfig, SiteConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { earlierWrite } from './earlier-write.js';
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

/** Sessions one bot `sync` returns at most; the bot asks for the next page with `after`. */
const SYNC_PAGE = 100;

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
   * The open session this bot handles; or, for a retried write whose first try was stored before
   * the session left the bot (closed, or routed to a queue or another bot), the event that try wrote.
   * The bot is authorised first: another bot's, agent's or the visitor's client id never answers.
   */
  const ownSessionOrRetry = async (
    bot: BotConfig,
    sessionId: string,
    clientId: string,
  ): Promise<Result<SessionSummary> | { ok: 'retry'; event: SessionEvent }> => {
    const allowed = await ownSession(bot, sessionId);
    if (allowed.ok || allowed.error.code === 'not_found') return allowed;
    const event = await earlierWrite(store, sessionId, author(bot), clientId);
    return event === undefined ? allowed : { ok: 'retry', event };
  };

  /** The ack of a write (`Written`): the event, new or, for a retry, as it was first written. */
  const ackOf = (event: SessionEvent) => ({ ok: true as const, value: writeAck(event) });

  /** Writes the bot's message while the session is with it; `session.siteKey` is needed for a file only. */
  const say = async (
    bot: BotConfig,
    session: { id: string; siteKey?: string },
    clientId: string,
    message: BotMessage,
    sender?: string,
  ) => {
    if (!hasContent(message)) return fail('invalid_payload', NO_CONTENT);
    const { id, siteKey } = session;
    const attached =
      siteKey === undefined
        ? message.attachmentId === undefined
          ? { ok: true as const, value: {} }
          : fail('internal', 'A file needs the session’s site')
        : await sessions.attachmentFor(author(bot), { id, siteKey }, message.attachmentId);
    if (!attached.ok) return attached;
    const written = await store.appendMessage({
      sessionId: session.id,
      clientId,
      author: author(bot),
      require: { handler: { kind: 'bot', id: bot.id }, status: 'bot' },
      text: message.text?.trim() ?? '',
      ...attached.value,
      ...(message.quickReplies ? { quickReplies: message.quickReplies } : {}),
      ...(message.buttons ? { buttons: message.buttons } : {}),
      // Parsed by `BotMessageSchema` at the socket (its defaults filled in): the output type.
      ...(message.rich ? { rich: message.rich as RichContent } : {}),
      now: clock(),
    });
    return sessions.published(written, sender);
  };

  /** Data after merging `patch`, refused when it would hold too many keys. */
  const mergedSize = (current: SessionData, patch: SessionData): number =>
    Object.entries({ ...current, ...patch }).filter(([, value]) => value !== null).length;

  /** A session this bot opened: it holds the session already, so it is published, not announced. */
  const opened = (
    bot: BotConfig,
    site: SiteConfig,
    visitorId: string,
    previous: SessionSummary,
    input: { message?: BotMessage | undefined; data?: SessionData | undefined },
    reason: string,
  ): Promise<Result<SessionSync>> =>
    sessions.openAsHandler(
      { site, visitorId },
      previous.visitor,
      { handler: { kind: 'bot', id: bot.id }, reason, ...(input.data ? { data: input.data } : {}) },
      async (session) => {
        if (input.message) await say(bot, session, `${reason}:${session.id}`, input.message);
      },
    );

  return {
    ownSession,

    /** `sender`, here and below: the bot's socket, which gets the event in its ack only. */
    async send(bot: BotConfig, input: { sessionId: string; clientId: string } & BotMessage, sender?: string) {
      // A message without a file is one store call (issue 16): the write itself checks that the
      // session is with this bot (`require`) and answers a retry; only a refusal reads the session
      // to say why (not this bot's: `forbidden`; left it: `session_closed`).
      if (input.attachmentId === undefined) {
        const written = await say(bot, { id: input.sessionId }, input.clientId, input, sender);
        if (written.ok) return ackOf(written.value.event);
        if (written.error.code !== 'session_closed') return written;
      }
      const allowed = await ownSessionOrRetry(bot, input.sessionId, input.clientId);
      if (allowed.ok === 'retry') return ackOf(allowed.event);
      if (!allowed.ok) return allowed;
      const acked = await say(bot, allowed.value, input.clientId, input, sender);
      return acked.ok ? ackOf(acked.value.event) : acked;
    },

    async route(bot: BotConfig, input: { sessionId: string } & RouteTarget, sender?: string) {
      const allowed = await ownSession(bot, input.sessionId);
      if (!allowed.ok) return allowed;
      const { sessionId: _, ...target } = input;
      if (target.params && mergedSize(allowed.value.data, target.params) > LIMITS.attributes) {
        return fail('payload_too_large', `Session data holds at most ${LIMITS.attributes} keys`);
      }
      return route(allowed.value, target, author(bot), 'route', { sender });
    },

    async close(bot: BotConfig, input: { sessionId: string; reason?: string | undefined }, sender?: string) {
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
      publish.event(changed.value.session, changed.value.event, { sender });
      return ackOf(changed.value.event);
    },

    async feedback(
      bot: BotConfig,
      input: { sessionId: string; clientId: string } & Feedback,
      sender?: string,
    ) {
      const allowed = await ownSessionOrRetry(bot, input.sessionId, input.clientId);
      if (allowed.ok === 'retry') return ackOf(allowed.event);
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
      publish.event(written.value.session, written.value.event, { sender });
      return ackOf(written.value.event);
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

    /**
     * Catching up (DESIGN.md, "Consumers of the session log"): the sessions of the bot's backlog
     * that still need it (events after its processing cursor) or that it names in `cursors`,
     * each with its cursor (`handled`) and its events after the cursor it gave (from the start
     * when none), a page of `SYNC_PAGE` at a time in session id order.
     */
    async sync(
      bot: BotConfig,
      cursors: Record<string, number>,
      after: string | undefined,
    ): Promise<{ sessions: SessionSync[]; next?: string }> {
      const backlog = await store.botBacklog(bot.id);
      const summaries = await Promise.all(backlog.map((entry) => store.getSession(entry.sessionId)));
      const gone = backlog.filter((_, i) => summaries[i] === null);
      // Expired sessions leave the backlog (the store drops a gone session on any cursor move).
      if (gone.length > 0)
        await store.botHandled(bot.id, Object.fromEntries(gone.map((e) => [e.sessionId, 0])));
      const wanted = backlog
        .flatMap((entry, i) => {
          const session = summaries[i];
          if (!session || (after !== undefined && entry.sessionId <= after)) return [];
          const pending = entry.handled < (entry.leftAt ?? session.lastSeq);
          return pending || entry.sessionId in cursors ? [{ entry, session }] : [];
        })
        .sort((a, b) => (a.entry.sessionId < b.entry.sessionId ? -1 : 1));
      const page = wanted.slice(0, SYNC_PAGE);
      const sessions = await Promise.all(
        page.map(async ({ entry, session }) => ({
          session,
          handled: entry.handled,
          events: await store.eventsSince(session.id, cursors[session.id] ?? 0, LIMITS.syncEvents),
        })),
      );
      const last = page.at(-1);
      return wanted.length > page.length && last ? { sessions, next: last.entry.sessionId } : { sessions };
    },

    /** The bot finished handling these sessions' events through the given seqs. */
    async handled(bot: BotConfig, handled: Record<string, number>): Promise<void> {
      await store.botHandled(bot.id, handled);
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
          ...(s.feedbackTags?.length ? { feedbackTags: s.feedbackTags } : {}),
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
