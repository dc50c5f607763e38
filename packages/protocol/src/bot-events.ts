import type { Ack } from './errors.js';
import type { SessionLabelInput } from './labels.js';
import type { SessionHeads } from './live-signals.js';
import type { MarkReadInput, ReadNotice } from './read-marks.js';
import type {
  BotCloseInput,
  BotFeedbackInput,
  BotHandledInput,
  BotNewSessionInput,
  BotRouteInput,
  BotSendInput,
  BotSetDataInput,
  BotStartSessionInput,
  BotSyncInput,
  SessionData,
  SessionEvent,
  SessionSummary,
  SessionSync,
  TypingInput,
} from './schemas.js';
import type { TypingNotice } from './typing.js';
import type { Written } from './written.js';

/** What a route did: handed to another bot, queued for a human, assigned, or offline (nobody). */
export type RouteOutcome =
  | { outcome: 'bot'; bot: string }
  | { outcome: 'queued'; queue: string; position: number }
  | { outcome: 'assigned'; queue: string; agent: string }
  | { outcome: 'offline'; queue: string | null };

/** A bot's view of its configuration (`bot.app.config()`). */
export interface BotAppConfig {
  bot: { id: string; name: string };
  /** Sites whose visitors this bot may talk to: it is their entry bot or serves one of their queues. */
  sites: Array<{
    key: string;
    name: string;
    texts: Record<string, string>;
    feedbackScale: FeedbackScale;
    /** The only tags feedback may carry on this site, when it lists any (others are refused). */
    feedbackTags?: string[];
  }>;
  /** Every queue of the configuration, so a bot knows where it can route. */
  queues: Array<{ id: string; name: string; kind: 'bot' | 'human'; bot?: string }>;
}

/** How a site asks for a score: stars 1-5, thumbs 0 (down) / 1 (up), or 0-10. */
export type FeedbackScale = 'stars' | 'thumbs' | 'nps';

/** Events a bot sends on the `/bot` namespace. Every one is validated and authorised per session. */
export interface BotClientEvents {
  /**
   * Says something (with optional quick replies and buttons); acked after it is stored, with its
   * event (`Written`): the bot gets no `session.event` for what it wrote itself.
   */
  'message.send': (payload: BotSendInput, ack: Ack<Written>) => void;
  /**
   * Routes the session to a queue, team, agent or skills; the bot then lets go of it. The ack
   * carries the change (`Written`).
   */
  'session.route': (payload: BotRouteInput, ack: Ack<{ route: RouteOutcome } & Written>) => void;
  /**
   * Ends the session (reason defaults to `bot`); the visitor is then asked for feedback. The ack
   * carries the change (`Written`).
   */
  'session.close': (payload: BotCloseInput, ack: Ack<Written>) => void;
  /** Records feedback the bot collected; one field or several. The ack carries the event. */
  'session.feedback': (payload: BotFeedbackInput, ack: Ack<Written>) => void;
  /**
   * Adds and removes labels of the session (issue 15; `session.label('vip')` in the SDK);
   * returns its labels after. Agents see them in the desk, webhooks get `session.labeled`.
   */
  'session.label': (payload: SessionLabelInput, ack: Ack<{ labels: string[] }>) => void;
  /** Merges values into the session's data (null deletes a key); returns the data after. */
  'session.set': (payload: BotSetDataInput, ack: Ack<{ data: SessionData }>) => void;
  /** Ends the session and opens a fresh one for the same visitor, with this bot. */
  'session.new': (payload: BotNewSessionInput, ack: Ack<SessionSync>) => void;
  /** Opens a session for a visitor this bot has talked to before. */
  'session.start': (payload: BotStartSessionInput, ack: Ack<SessionSync>) => void;
  /**
   * Catching up: the sessions that still need this bot, each with `handled` (its processing
   * cursor) and its events newer than the given cursor (from the start when not named): those
   * whose events it has not all handled, and those named in `cursors` that it still holds.
   * A page at a time, by session id; `next` names the next page's `after`.
   */
  sync: (payload: BotSyncInput, ack: Ack<{ sessions: SessionSync[]; next?: string }>) => void;
  /**
   * The bot finished handling each named session's events through the given seq (its durable
   * processing cursor; it only moves forward). A bot that restarts is given the events after it.
   */
  'session.handled': (payload: BotHandledInput, ack: Ack) => void;
  /**
   * The bot read a session through `seq` (issue 14). Rarely needed: the server also marks a
   * session read by the bot as its processing cursor (`session.handled`) passes messages.
   */
  'read.mark': (payload: MarkReadInput, ack: Ack<{ seq: number }>) => void;
  /** This bot's configuration. */
  'app.config': (payload: Record<string, never>, ack: Ack<{ config: BotAppConfig }>) => void;
  typing: (payload: TypingInput) => void;
}

/** Events the server sends on the `/bot` namespace. */
export interface BotServerEvents {
  /** A session entered this bot's hands, with its log so far. */
  'session.created': (sync: SessionSync) => void;
  /**
   * A new entry of a session this bot handles (and the change that takes it away); not what the
   * bot wrote itself, which its ack carried (`Written`).
   */
  'session.event': (event: SessionEvent) => void;
  /**
   * What a session this bot handles knows of its visitor changed, outside the log: the page set
   * attributes, or the visitor signed in. The session's whole summary.
   */
  'session.updated': (session: SessionSummary) => void;
  typing: (notice: TypingNotice) => void;
  /** A read mark of a session this bot handles moved (the visitor read up to `seq`). */
  read: (notice: ReadNotice) => void;
  /**
   * Live events may have been lost (this server's link to the other processes came back):
   * resume from the last seq, after a random delay of up to a second. No payload.
   */
  resync: () => void;
  /** Every few seconds, the latest seq of recently written sessions: resume if one is ahead. */
  heads: (payload: SessionHeads) => void;
}

/** The Socket.IO namespaces of the protocol. */
export type NamespaceName = '/visitor' | '/bot' | '/agent';
