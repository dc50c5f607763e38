import type { RouteOutcome } from './bot-events.js';
import type { Ack } from './errors.js';
import type {
  OfflineSubmitInput,
  OpenSessionInput,
  SessionEvent,
  SessionRef,
  SessionSummary,
  SessionSync,
  SyncInput,
  TypingInput,
  VisitorFeedbackInput,
  VisitorSendInput,
} from './schemas.js';
import type { QueueNotice, SiteInfo } from './site-info.js';
import type { TypingNotice } from './typing.js';

/** Events the widget (or any visitor client) sends on the `/visitor` namespace. */
export interface VisitorClientEvents {
  /** Opens the widget: returns the active session, starting one when none is active. */
  'session.open': (payload: OpenSessionInput, ack: Ack<{ session: SessionSummary }>) => void;
  /** Sends a message; acked after it is stored, with its seq (the original seq on a retry). */
  'message.send': (payload: VisitorSendInput, ack: Ack<{ sessionId: string; seq: number }>) => void;
  /** Ends the session. */
  'session.close': (payload: SessionRef, ack: Ack<{ seq: number }>) => void;
  /** Rates a session (once; also after it closed), on the site's scale. */
  'session.feedback': (payload: VisitorFeedbackInput, ack: Ack<{ seq: number }>) => void;
  /** "Talk to a human": routes a session the bot has to the site's human queue. */
  'session.handoff': (payload: SessionRef, ack: Ack<{ route: RouteOutcome; seq: number }>) => void;
  /** Leaves a message (the offline form) on a session nobody could take; it then closes. */
  'offline.submit': (payload: OfflineSubmitInput, ack: Ack<{ seq: number }>) => void;
  /** Ephemeral: never stored, never replayed. */
  typing: (payload: TypingInput) => void;
  /** The visitor's recent sessions, each with the events newer than the given cursor. */
  sync: (payload: SyncInput, ack: Ack<{ sessions: SessionSync[] }>) => void;
}

/** Events the server sends on the `/visitor` namespace. */
export interface VisitorServerEvents {
  /** Sent on every connect; `token` is set when the server has just issued one to keep. */
  identity: (payload: { visitorId: string; token?: string; site: SiteInfo }) => void;
  /** A new entry of one of the visitor's sessions, to every tab of that visitor. */
  'session.event': (event: SessionEvent) => void;
  typing: (notice: TypingNotice) => void;
  /** A queued session's live place in line and estimated wait. */
  queue: (notice: QueueNotice) => void;
}
