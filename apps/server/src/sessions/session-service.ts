import { randomUUID } from 'node:crypto';
import {
  type Attachment,
  type Author,
  type Feedback,
  fail,
  type Handler,
  isOpen,
  LIMITS,
  type Result,
  type SessionData,
  type SessionStatus,
  type SessionSummary,
  type SessionSync,
  type VisitorInfo,
  type Written,
  writeAck,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { SiteConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { checkFeedback } from './feedback-scale.js';
import { handOverSync } from './hand-over.js';
import type { Publisher } from './publisher.js';
import { retentionMs } from './retention.js';
import { newSessionInfo } from './visitor-identity.js';

export interface VisitorRef {
  site: SiteConfig;
  visitorId: string;
}

export interface SessionServiceDeps {
  store: SessionStore;
  publish: Publisher;
  clock: () => number;
  logger: Logger;
  /** A chat left an agent (the visitor closed it, it timed out): they may take another. */
  onAgentFreed?: () => void;
  /** Files (issue 14): resolves a message's `attachmentId`. Unset, messages carry no files. */
  attachments?: Attachments;
}

/** The port through which a message's upload becomes its attachment (the file service). */
export interface Attachments {
  attach(
    author: Author,
    session: { id: string; siteKey: string },
    attachmentId: string,
  ): Promise<Result<Attachment>>;
}

export interface OpenOptions {
  /** Who takes the session (default: the site's entry bot). */
  handler?: Handler;
  /** Its first status (default `bot`); `assigned` for a conversation an agent starts. */
  status?: SessionStatus;
  /**
   * Why it opened: `entry` or `template` (the visitor), `api` or `api-template` (the REST API),
   * `new-session` or `bot-start` (a bot), `agent-start` (an agent, issue 15); the records read its
   * direction from it (`directionOf`).
   */
  reason?: string;
  data?: SessionData;
  /** The handler (a bot) opens it itself: it is not welcomed (see `OpenSessionInput`). */
  openedByHandler?: boolean;
  /** Kept on the session (`SessionSummary.correlationId`). */
  correlationId?: string;
  /**
   * Whether a session the visitor opened is announced to its bot (`session.created`) now;
   * false leaves that to the caller (`announceHandOver`), after it wrote more to the log.
   */
  announce?: boolean;
}

/**
 * The conversation rules on the visitor's side, and what every side shares: opening sessions,
 * reading logs and sweeping idle ones. Handlers validate payloads; this layer authorises, writes
 * through the store, then publishes.
 */
export function createSessionService({
  store,
  publish,
  clock,
  logger,
  onAgentFreed,
  attachments,
}: SessionServiceDeps) {
  /**
   * A message's attachment, if it names one: the author's own upload, now attached to the
   * session (a retry attaches it again to the same session, which is no change).
   */
  const attachmentFor = async (
    author: Author,
    session: { id: string; siteKey: string },
    attachmentId: string | undefined,
  ): Promise<Result<{ attachment?: Attachment }>> => {
    if (attachmentId === undefined) return { ok: true, value: {} };
    if (!attachments) return fail('not_configured', 'This server takes no files');
    const attached = await attachments.attach(author, session, attachmentId);
    return attached.ok ? { ok: true, value: { attachment: attached.value } } : attached;
  };

  const freed = (session: SessionSummary) => {
    if (session.handler?.kind === 'agent') onAgentFreed?.();
  };

  /** The sessions with the events newer than each one's cursor. */
  const sync = (sessions: SessionSummary[], cursors: Record<string, number>): Promise<SessionSync[]> =>
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

  /**
   * Opens a session for the visitor unless one is open (then returns that, `created: false`).
   * A session the visitor opened is announced to its bot as `session.created`; one a bot opened
   * is only published, since that bot holds it already.
   */
  const open = async (visitor: VisitorRef, info: VisitorInfo, options: OpenOptions = {}) => {
    const { site } = visitor;
    const reason = options.reason ?? 'entry';
    const opened = await store.openSession({
      sessionId: randomUUID(),
      siteKey: site.key,
      visitorId: visitor.visitorId,
      visitor: info,
      status: options.status ?? 'bot',
      handler: options.handler ?? { kind: 'bot', id: site.entry.bot },
      reason,
      idleTimeoutMs: site.idleTimeoutSeconds * 1000,
      retentionMs: retentionMs(site),
      ...(options.data ? { data: options.data } : {}),
      ...(options.openedByHandler ? { openedByHandler: true } : {}),
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
      now: clock(),
    });
    if (opened.created) {
      const { session, events } = opened;
      logger.info(
        { sessionId: session.id, site: site.key, visitorId: visitor.visitorId, reason },
        'session opened',
      );
      // The visitor's own, or one the REST API opened as if the visitor had come (`api`).
      if (reason === 'entry' || reason === 'api') {
        for (const event of events) publish.toVisitor(session, event);
        if (options.announce !== false) publish.created(handOverSync(session, events));
      } else {
        for (const event of events) publish.event(session, event);
      }
    }
    return opened;
  };

  /**
   * A session a bot or an agent opens for a visitor itself (`bot-start`, `new-session`,
   * `agent-start`): its handler holds it at once, so it is published, not announced. `say` writes
   * the opening message. Answers the session with its log, all of it handled (its handler made it);
   * `conflict` when the visitor has a session open.
   */
  const openAsHandler = async (
    visitor: VisitorRef,
    info: VisitorInfo,
    options: OpenOptions & { handler: Handler; reason: string },
    say: (session: SessionSummary) => Promise<unknown>,
  ): Promise<Result<SessionSync>> => {
    const { session, created } = await open(visitor, info, { ...options, openedByHandler: true });
    if (!created) return fail('conflict', 'The visitor already has an open session');
    await say(session);
    const fresh = (await store.getSession(session.id)) ?? session;
    const events = await store.eventsSince(session.id, 0, LIMITS.syncEvents);
    return { ok: true, value: { session: fresh, events, handled: fresh.lastSeq } };
  };

  /**
   * Publishes a written message to all but its `sender` (the socket that wrote it) and shapes the
   * ack, which carries the event (issue 16). A duplicate (a retry) acks with the original event
   * and is published again, the same event: whoever stored it first may have died before
   * publishing it (a server process killed between its write and its publish, or whose write
   * Redis stored without answering), or the publish was lost on its way to another process, and a
   * bot that stayed connected would never hear of it. Every client drops a seq it has already.
   */
  const published = (
    written: Awaited<ReturnType<SessionStore['appendMessage']>>,
    sender?: string,
  ): Result<{ sessionId: string } & Written> => {
    if (!written.ok) return written;
    const { event, session } = written.value;
    publish.event(session, event, { sender });
    return { ok: true, value: { sessionId: session.id, ...writeAck(event) } };
  };

  const visitorAuthor = (visitor: VisitorRef, info: VisitorInfo): Author => ({
    role: 'visitor',
    id: visitor.visitorId,
    ...(info.name ? { name: info.name } : {}),
  });

  /** The visitor's newest session, open or closed, if any. */
  const latestSession = async (visitor: VisitorRef): Promise<SessionSummary | undefined> =>
    (await store.visitorSessions(visitor.visitorId, 1))[0];

  /** The visitor's open session, if any. */
  const openSessionOf = async (visitor: VisitorRef): Promise<SessionSummary | undefined> => {
    const latest = await latestSession(visitor);
    return latest && isOpen(latest.status) ? latest : undefined;
  };

  /** Replaces what `session` knows of its visitor, and tells the bot or agent who has it. */
  const relabel = async (
    session: SessionSummary,
    update: (info: VisitorInfo) => VisitorInfo,
  ): Promise<Result<SessionSummary>> => {
    const updated = await store.setVisitorInfo(session.id, update(session.visitor), clock());
    if (updated.ok) publish.updated(updated.value);
    return updated;
  };

  const close = async (
    sessionId: string,
    by: Author,
    reason: string,
    sender?: string,
  ): Promise<Result<Written>> => {
    const changed = await store.changeStatus({ sessionId, to: 'closed', reason, by, now: clock() });
    if (!changed.ok) return changed;
    const { session, event } = changed.value;
    publish.event(session, event, { sender });
    freed(session);
    return { ok: true, value: writeAck(event) };
  };

  return {
    open,
    openAsHandler,
    sync,
    published,
    attachmentFor,
    ownSession,
    latestSession,
    openSessionOf,
    relabel,

    /**
     * `relabel` for the visitor's open session (`update` gets the current info): the session, or
     * undefined when none is open.
     */
    async updateVisitorInfo(
      visitor: VisitorRef,
      update: (info: VisitorInfo) => VisitorInfo,
    ): Promise<Result<SessionSummary | undefined>> {
      const open = await openSessionOf(visitor);
      return open ? relabel(open, update) : { ok: true, value: undefined };
    },

    /** Opening the widget: the visitor's open session, or a new one its entry bot welcomes. */
    async openForVisitor(visitor: VisitorRef, info: VisitorInfo): Promise<SessionSummary> {
      return (await open(visitor, info)).session;
    },

    /**
     * A visitor's message. It goes to the given session while that is open (or when it is a
     * retry of a message already stored there); otherwise it opens a new session. `sender`: the
     * socket that sent it, which gets the event in its ack only.
     */
    async visitorSend(
      visitor: VisitorRef,
      info: VisitorInfo,
      input: {
        sessionId?: string | undefined;
        clientId: string;
        text?: string | undefined;
        attachmentId?: string | undefined;
      },
      identified: boolean,
      sender?: string,
    ): Promise<Result<{ sessionId: string } & Written>> {
      const author = visitorAuthor(visitor, info);
      const write = async (sessionId: string) => {
        const attached = await attachmentFor(
          author,
          { id: sessionId, siteKey: visitor.site.key },
          input.attachmentId,
        );
        if (!attached.ok) return attached;
        return store.appendMessage({
          sessionId,
          clientId: input.clientId,
          author,
          text: input.text ?? '',
          ...attached.value,
          // The store checks the session is this visitor's in the same write (issue 16).
          owner: { visitorId: visitor.visitorId, siteKey: visitor.site.key },
          now: clock(),
        });
      };
      if (input.sessionId) {
        // A file is never attached to a closed session: it goes with the message to the next one,
        // so a file asks first. A text message is one store call.
        const own = input.attachmentId === undefined ? undefined : await ownSession(visitor, input.sessionId);
        if (own && !own.ok) return own;
        if (!own || isOpen(own.value.status)) {
          const written = await write(input.sessionId);
          if (written.ok || written.error.code !== 'session_closed') return published(written, sender);
        }
      }
      const latest = await latestSession(visitor);
      if (latest && isOpen(latest.status)) return published(await write(latest.id), sender);
      const known = newSessionInfo(info, latest, { form: visitor.site.prechatForm ?? [], identified });
      if (!known.ok) return known;
      const { session } = await open(visitor, known.value);
      return published(await write(session.id), sender);
    },

    async visitorClose(visitor: VisitorRef, sessionId: string, sender?: string): Promise<Result<Written>> {
      const own = await ownSession(visitor, sessionId);
      if (!own.ok) return own;
      if (own.value.status === 'closed') return fail('session_closed', 'The session is already closed');
      return close(sessionId, { role: 'visitor', id: visitor.visitorId }, 'visitor', sender);
    },

    /**
     * Closes an open session for someone the caller authorised (the REST API's key, as `system`):
     * whoever has it hears of it, and an agent who had it may take another.
     */
    close,

    /** The visitor's rating: once per session (a retry with the same client id is not a second). */
    async visitorFeedback(
      visitor: VisitorRef,
      input: { sessionId: string; clientId: string } & Feedback,
      sender?: string,
    ): Promise<Result<Written>> {
      const { sessionId, clientId, ...feedback } = input;
      const own = await ownSession(visitor, sessionId);
      if (!own.ok) return own;
      const checked = checkFeedback(visitor.site, feedback);
      if (!checked.ok) return checked;
      const log = await store.eventsSince(sessionId, 0, own.value.lastSeq);
      const given = log.find((e) => e.type === 'feedback' && e.author.role === 'visitor');
      if (given && given.type === 'feedback' && given.clientId !== clientId) {
        return fail('conflict', 'Feedback on this session was already given');
      }
      const written = await store.appendFeedback({
        sessionId,
        clientId,
        author: { role: 'visitor', id: visitor.visitorId },
        feedback,
        now: clock(),
      });
      if (!written.ok) return written;
      // A duplicate too, as `published` says.
      const { session, event } = written.value;
      publish.event(session, event, { sender });
      return { ok: true, value: writeAck(event) };
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
      publish.typingToHandler(own.value.handler, {
        sessionId,
        author: { role: 'visitor', id: visitor.visitorId },
        on,
      });
    },

    /** Closes the sessions whose idle timeout passed and tells their visitors and bots. */
    async closeIdle(): Promise<number> {
      const closed = await store.closeIdle(clock(), 100);
      for (const { session, event } of closed) {
        publish.event(session, event);
        freed(session);
      }
      if (closed.length > 0) logger.info({ count: closed.length }, 'closed idle sessions');
      return closed.length;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
