import type { RouteOutcome } from './bot-events.js';
import type { Ack } from './errors.js';
import type { SessionHeads } from './live-signals.js';
import type { MarkReadInput, ReadNotice } from './read-marks.js';
import type { HistoryListInput, HistoryPage, Transcript } from './records.js';
import type { FormAnswerSendInput } from './rich-content.js';
import type {
  IdentifyInput,
  OfflineSubmitInput,
  OpenSessionInput,
  SessionEvent,
  SessionRef,
  SessionSummary,
  SessionSync,
  SetAttributesInput,
  SyncInput,
  TranscriptEmailInput,
  TypingInput,
  VisitorFeedbackInput,
  VisitorSendInput,
} from './schemas.js';
import type { IdentifiedUser, QueueNotice, SiteInfo } from './site-info.js';
import type { TypingNotice } from './typing.js';
import type { Written } from './written.js';

/** Events the widget (or any visitor client) sends on the `/visitor` namespace. */
export interface VisitorClientEvents {
  /** Opens the widget: returns the active session, starting one when none is active. */
  'session.open': (payload: OpenSessionInput, ack: Ack<{ session: SessionSummary }>) => void;
  /**
   * Sends a message; acked after it is stored, with its seq and its event (the original ones on a
   * retry). The event comes in the ack only: this connection gets no `session.event` for it, the
   * visitor's other tabs do (`Written`).
   */
  'message.send': (payload: VisitorSendInput, ack: Ack<{ sessionId: string } & Written>) => void;
  /** Ends the session; the ack carries the `closed` change (`Written`). */
  'session.close': (payload: SessionRef, ack: Ack<Written>) => void;
  /** Rates a session (once; also after it closed), on the site's scale; the ack carries the event. */
  'session.feedback': (payload: VisitorFeedbackInput, ack: Ack<Written>) => void;
  /**
   * "Talk to a human": routes a session the bot has to the site's human queue; the ack carries the
   * change (to `queued` or `offline`). An assignment that follows comes as `session.event`.
   */
  'session.handoff': (payload: SessionRef, ack: Ack<{ route: RouteOutcome } & Written>) => void;
  /**
   * Leaves a message (the offline form) on a session nobody could take; it then closes. The ack
   * carries the form's event; the close that follows comes as `session.event`.
   */
  'offline.submit': (payload: OfflineSubmitInput, ack: Ack<Written>) => void;
  /**
   * `Parley('identify')`. Verified (a good `hash`): the ack carries `token`, the user's own
   * visitor token, whenever it differs from this connection's; the widget keeps it and
   * reconnects as that visitor. Without a hash (when the site allows it) the name and email only
   * label this visitor's next sessions. A bad hash is refused and changes nothing.
   */
  'visitor.identify': (payload: IdentifyInput, ack: Ack<{ verified: boolean; token?: string }>) => void;
  /** `Parley('setAttributes')`: merged into the visitor's info, and into the open session's. */
  'visitor.attributes': (payload: SetAttributesInput, ack: Ack<{ sessionId?: string }>) => void;
  /**
   * Emails the transcript of one of the visitor's own sessions to an address they give, once it
   * ended (issue 13). `not_configured` when the site sends no transcripts; rate-limited.
   */
  'transcript.email': (payload: TranscriptEmailInput, ack: Ack<Record<string, never>>) => void;
  /**
   * The visitor read the session through `seq` (issue 14): the widget sends it only while the
   * panel is open and visible, debounced. Acked with the mark now in force (never lower).
   */
  'read.mark': (payload: MarkReadInput, ack: Ack<{ seq: number }>) => void;
  /**
   * Answers a bot's inline form (the message at `seq`): checked against the form's definition,
   * stored as the visitor's message with `formAnswer` and as the session's data (`form.field`).
   * The ack carries the message (`Written`).
   */
  'form.answer': (payload: FormAnswerSendInput, ack: Ack<Written>) => void;
  /** Ephemeral: never stored, never replayed. */
  typing: (payload: TypingInput) => void;
  /** The visitor's recent sessions, each with the events newer than the given cursor. */
  sync: (payload: SyncInput, ack: Ack<{ sessions: SessionSync[] }>) => void;
  /**
   * The visitor's earlier conversations on this site, from the records, newest first, a page at
   * a time (`next` is the following page's `before`). A verified user gets theirs from any browser.
   */
  'history.list': (payload: HistoryListInput, ack: Ack<HistoryPage>) => void;
  /** One of the visitor's conversations from the records, read-only, with its events. */
  'history.get': (payload: SessionRef, ack: Ack<Transcript>) => void;
}

/** Events the server sends on the `/visitor` namespace. */
export interface VisitorServerEvents {
  /**
   * Sent on every connect; `token` is set when the server has just issued one to keep, `user`
   * when the token belongs to a verified user of the site.
   */
  identity: (payload: { visitorId: string; token?: string; site: SiteInfo; user?: IdentifiedUser }) => void;
  /**
   * A new entry of one of the visitor's sessions, to every tab of that visitor but the one that
   * wrote it (whose ack carried it, `Written`).
   */
  'session.event': (event: SessionEvent) => void;
  typing: (notice: TypingNotice) => void;
  /** A read mark of one of the visitor's sessions moved: theirs (another tab) or the other side's. */
  read: (notice: ReadNotice) => void;
  /** A queued session's live place in line and estimated wait. */
  queue: (notice: QueueNotice) => void;
  /**
   * Live events may have been lost (this server's link to the other processes came back):
   * resume from the last seq, after a random delay of up to a second. No payload.
   */
  resync: () => void;
  /** Every few seconds, the latest seq of recently written sessions: resume if one is ahead. */
  heads: (payload: SessionHeads) => void;
  /**
   * Whether a person could answer now changed (an agent came online or left, business hours began
   * or ended): what `identity.site.available` said at connect, live (issue 14).
   */
  availability: (payload: { available: boolean }) => void;
}
