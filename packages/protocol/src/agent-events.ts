import type {
  AgentProfile,
  AgentSendInput,
  AgentTransferInput,
  Directory,
  OfflineEntry,
  Presence,
  PresenceSetInput,
  QueueEntry,
  SiteSwitchInput,
} from './agent-schemas.js';
import type { RouteOutcome } from './bot-events.js';
import type { CannedResponse } from './canned.js';
import type { Ack } from './errors.js';
import type { SessionLabelInput } from './labels.js';
import type { SessionHeads } from './live-signals.js';
import type { Note, NoteAddInput } from './notes.js';
import type { OfflineState, OfflineUpdateInput } from './offline-state.js';
import type { MarkReadInput, ReadNotice } from './read-marks.js';
import type {
  AuditListInput,
  AuditPage,
  HistoryPage,
  SearchInput,
  SearchPage,
  Transcript,
  VisitorExport,
  VisitorHistoryInput,
  VisitorRef,
} from './records.js';
import type { Report, ReportQuery } from './reports.js';
import type {
  OfflineReplyInput,
  SessionEvent,
  SessionRef,
  SessionSummary,
  SessionSync,
  SyncInput,
  TypingInput,
} from './schemas.js';
import type { SessionStartInput } from './session-start.js';
import type {
  AgentNote,
  PresenceAssignInput,
  ReassignInput,
  TeamView,
  WhisperInput,
} from './supervisor-schemas.js';
import type { TypingNotice } from './typing.js';
import type { Written } from './written.js';

/** Events the desk sends on the `/agent` namespace. Each is validated and authorised on its own. */
export interface AgentClientEvents {
  /** Ready, or not ready with a reason from `reasons`; acked with the presence now in force. */
  'presence.set': (payload: PresenceSetInput, ack: Ack<{ presence: Presence }>) => void;
  /**
   * Sets the agent's active site (issue 15, item 4): a site of theirs, or null for all of them;
   * acked with the active site now in force (`forbidden` for a site they do not work on).
   * Audited. Chats already assigned stay.
   */
  'site.switch': (payload: SiteSwitchInput, ack: Ack<{ activeSite: string | null }>) => void;
  /** Every agent's presence, and the not-ready reasons an agent may give. */
  'presence.list': (
    payload: Record<string, never>,
    ack: Ack<{ agents: Presence[]; reasons: string[] }>,
  ) => void;
  /**
   * The agent's chats (assigned to them), plus any other session in `cursors` they may still
   * read (a chat they closed), each with the events newer than its cursor.
   */
  sync: (payload: SyncInput, ack: Ack<{ sessions: SessionSync[] }>) => void;
  /** Every queued session, in queue order. */
  'queue.list': (payload: Record<string, never>, ack: Ack<{ entries: QueueEntry[] }>) => void;
  /** Messages left through the offline form, newest first. */
  'offline.list': (payload: Record<string, never>, ack: Ack<{ entries: OfflineEntry[] }>) => void;
  /**
   * Answers an offline message by email (issue 13): to the address the visitor left, from the
   * site's address, replies going to the site's team; audited. `not_configured` without email.
   */
  'offline.reply': (payload: OfflineReplyInput, ack: Ack<{ to: string }>) => void;
  /**
   * Assigns an offline message to an agent (null: to nobody) and/or marks it done or open again
   * (issue 15); every desk that lists it hears `offline.updated`.
   */
  'offline.update': (payload: OfflineUpdateInput, ack: Ack<{ offline: OfflineState }>) => void;
  /** One session with its whole log (a queued one, an offline message, a past chat). */
  'session.get': (payload: SessionRef, ack: Ack<SessionSync>) => void;
  /** Takes a queued session the agent matches, when under capacity. */
  'session.accept': (payload: SessionRef, ack: Ack<{ seq: number }>) => void;
  /**
   * A message in a chat assigned to the agent; acked after it is stored, with its event
   * (`Written`): this desk gets no `session.event` for it, the agent's other desks do.
   */
  'message.send': (payload: AgentSendInput, ack: Ack<Written>) => void;
  /** Sends an assigned chat to another queue, team, agent or skill set; the ack carries the change. */
  'session.transfer': (payload: AgentTransferInput, ack: Ack<{ route: RouteOutcome } & Written>) => void;
  /**
   * Starts a conversation with a known visitor of a site the agent works on (issue 15, item 5):
   * assigned to the agent at once, opening on their message; the visitor's widget gets it live
   * or on its next sync, and an email when offline. `conflict` when the visitor has an open
   * session, `not_found` for a visitor never seen. Audited.
   */
  'session.start': (payload: SessionStartInput, ack: Ack<SessionSync>) => void;
  /** Hands an assigned chat back to the site's entry bot; the ack carries the change (`Written`). */
  'session.handback': (payload: SessionRef, ack: Ack<Written>) => void;
  /** Ends an assigned chat; the visitor is then asked for feedback. The ack carries the change. */
  'session.close': (payload: SessionRef, ack: Ack<Written>) => void;
  /** The agent read one of their chats through `seq` (issue 14); acked with the mark in force. */
  'read.mark': (payload: MarkReadInput, ack: Ack<{ seq: number }>) => void;
  /** Ephemeral: shown to the visitor, never stored. */
  typing: (payload: TypingInput) => void;
  /**
   * A private note on a session the agent may read (issue 15): stored beside the log, heard by
   * the agents of the session, never by its visitor, its bot or a webhook.
   */
  'note.add': (payload: NoteAddInput, ack: Ack<{ note: Note }>) => void;
  /** Adds and removes labels of a session the agent may read (issue 15); returns its labels after. */
  'session.label': (payload: SessionLabelInput, ack: Ack<{ labels: string[] }>) => void;
  /** The private notes of a session the agent may read, oldest first. */
  'note.list': (payload: SessionRef, ack: Ack<{ notes: Note[] }>) => void;
  /** A visitor's conversations from the records, newest first, those the agent may read. */
  'history.list': (payload: VisitorHistoryInput, ack: Ack<HistoryPage>) => void;
  /**
   * Full-text search over the conversations the agent may read: words of messages, the visitor's
   * name or email; filtered, ranked, highlighted, paged.
   */
  search: (payload: SearchInput, ack: Ack<SearchPage>) => void;
  /** A whole conversation from the records, when the agent may read it. */
  transcript: (payload: SessionRef, ack: Ack<Transcript>) => void;
  /** Admins: everything kept about a visitor, as one JSON document. Audited. */
  'visitor.export': (payload: VisitorRef, ack: Ack<{ document: VisitorExport }>) => void;
  /**
   * Admins: erases a visitor (GDPR): messages and personal data gone from the records and the
   * live store, tokens revoked, sessions kept as `deleted` shells. Idempotent. Audited.
   */
  'visitor.erase': (payload: VisitorRef, ack: Ack<{ sessions: number }>) => void;
  /** Admins: the audit log, newest first. */
  'audit.list': (payload: AuditListInput, ack: Ack<AuditPage>) => void;
  /** Supervisors and admins: the reports' figures for a range and filters (`forbidden` to agents). */
  'reports.get': (payload: ReportQuery, ack: Ack<Report>) => void;
  /**
   * Supervisors and admins (issue 15): every agent of their sites with presence, load and chats,
   * and every live session of those sites.
   */
  'team.list': (payload: Record<string, never>, ack: Ack<TeamView>) => void;
  /**
   * Supervisors: watches a live chat silently, read-only. The chat's log comes back, and its
   * new entries arrive as `monitor.event`; nothing of it reaches the visitor or the bot. The
   * session is flagged `monitored` (left out of the agents' reporting figures). Audited.
   */
  'monitor.start': (payload: SessionRef, ack: Ack<SessionSync>) => void;
  /** Supervisors: stops watching a chat. */
  'monitor.stop': (payload: SessionRef, ack: Ack<Record<string, never>>) => void;
  /**
   * Supervisors: a private note to the chat's agent (`note`, `visibility: 'agents'`), never
   * seen by the visitor or the bot. Audited with its text.
   */
  whisper: (payload: WhisperInput, ack: Ack<{ note: AgentNote }>) => void;
  /** Supervisors: takes a live chat over; the supervisor becomes its agent. Audited. */
  'session.takeover': (payload: SessionRef, ack: Ack<{ seq: number }>) => void;
  /** Supervisors: gives a live chat to another agent of its site. Audited. */
  'session.reassign': (payload: ReassignInput, ack: Ack<{ seq: number }>) => void;
  /** Supervisors: sets an agent's presence, not ready with a reason from the list. Audited. */
  'presence.assign': (payload: PresenceAssignInput, ack: Ack<{ presence: Presence }>) => void;
}

/** Events the server sends on the `/agent` namespace. */
export interface AgentServerEvents {
  /** Sent on connect: who this agent is, their presence, and whom they can transfer to. */
  welcome: (payload: {
    agent: AgentProfile;
    presence: Presence;
    reasons: string[];
    directory: Directory;
    /** Whether the server sends email (issue 13): the desk offers replies to offline messages. */
    email?: boolean;
    /** The canned responses of the agent's sites and teams (issue 15). */
    canned?: CannedResponse[];
    /** The site the agent works on right now (issue 15, item 4); null or unset, all of theirs. */
    activeSite?: string | null;
  }) => void;
  /** The agent's active site changed (issue 15, item 4), in this desk or another of theirs. */
  'site.active': (payload: { activeSite: string | null }) => void;
  /** An agent's presence changed (theirs or a colleague's). */
  presence: (presence: Presence) => void;
  /** A chat was assigned to this agent, with its whole log so far. */
  'session.created': (sync: SessionSync) => void;
  /**
   * A new entry of a chat this agent has (and the change that takes it away); not to the desk
   * that wrote it, whose ack carried it (`Written`).
   */
  'session.event': (event: SessionEvent) => void;
  /**
   * What one of this agent's chats knows of its visitor changed, outside the log: the page set
   * attributes, or the visitor signed in. The session's whole summary, as `session.get` gives it.
   */
  'session.updated': (session: SessionSummary) => void;
  /** The queue changed: every queued session, in order. */
  queue: (payload: { entries: QueueEntry[] }) => void;
  /** A visitor left a message through the offline form. */
  'offline.new': (entry: OfflineEntry) => void;
  /** A private note on one of this agent's chats, or one they wrote (issue 15). */
  'session.note': (note: Note) => void;
  /** An offline message's assignee or state changed: the entry as it is now. */
  'offline.updated': (entry: OfflineEntry) => void;
  /** The visitor of one of this agent's chats is typing. */
  typing: (notice: TypingNotice) => void;
  /** A read mark of one of this agent's chats moved: the visitor's, or the agent's own elsewhere. */
  read: (notice: ReadNotice) => void;
  /**
   * Live events may have been lost (this server's link to the other processes came back):
   * resume from the last seq, after a random delay of up to a second. No payload.
   */
  resync: () => void;
  /** Every few seconds, the latest seq of recently written sessions: resume if one is ahead. */
  heads: (payload: SessionHeads) => void;
  /** Supervisors: a new entry of a chat they monitor (`monitor.start`), but one this desk wrote. */
  'monitor.event': (event: SessionEvent) => void;
  /** A private note (a whisper) on a chat this agent has or monitors. */
  note: (note: AgentNote) => void;
}
