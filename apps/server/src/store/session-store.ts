import type {
  Attachment,
  Author,
  Button,
  Feedback,
  FeedbackEvent,
  FormAnswer,
  FormEvent,
  FormFields,
  Handler,
  LabelChange,
  MessageEvent,
  Note,
  OfflineChange,
  Presence,
  ReadParty,
  Result,
  RichContent,
  Routing,
  SessionData,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  StatusEvent,
  VisitorInfo,
} from '@parley/protocol';

/** Whom a visitor token names: the visitor, and the site's user when a verified identify made it. */
export interface VisitorRecord {
  visitorId: string;
  userId?: string;
}

export interface NewVisitor {
  visitorId: string;
  /** The visitor's token: signed with the store's secret (`visitor-token.ts`), never stored. */
  token: string;
}

export interface IdentifyVisitorInput {
  siteKey: string;
  /** The site's user id, already verified (the identity hash checked). */
  userId: string;
  /**
   * The site's retention: how long the user's visitor is kept from now when they have no
   * session yet. A visitor found again keeps the expiry their sessions gave them.
   */
  retentionMs: number;
  now: number;
}

export interface OpenSessionInput {
  /** Chosen by the caller (a random UUID), so a retry can be recognised. */
  sessionId: string;
  siteKey: string;
  visitorId: string;
  visitor: VisitorInfo;
  /** The first status after `created` (e.g. `bot`), and who handles the session there. */
  status: SessionStatus;
  handler: Handler | null;
  reason: string;
  /** The session closes after this long without a message. */
  idleTimeoutMs: number;
  /** How long a closed session stays readable before it expires. */
  retentionMs: number;
  /** Initial session data (e.g. carried over by a bot's `newSession`). */
  data?: SessionData;
  /**
   * The handler (a bot) opens the session itself (`newSession`, `startSession`): its processing
   * cursor starts past the opening change, so it is not welcomed as if the visitor had come.
   */
  openedByHandler?: boolean;
  /**
   * The correlation id the session was started with (REST `POST /api/v1/sessions`,
   * `Parley('startSession', { correlationId })`): kept on the summary, never changed.
   */
  correlationId?: string;
  now: number;
}

/**
 * A session whose changes a consumer of the session log (the records writer, later a webhook
 * endpoint) has not finished with: what it handled so far, and the lease it was claimed with.
 */
export interface PendingSession {
  sessionId: string;
  /** The seq through which the consumer has finished with the session's events. */
  handled: number;
  /** Until when the session is this caller's; its release names it. */
  lease: number;
}

/** What a consumer finished with: a claimed session's events through `seq`. */
export interface ReleasedSession {
  sessionId: string;
  seq: number;
  lease: number;
}

/**
 * Where a bot stands with one session it holds, or held and has not finished with: its durable
 * processing cursor (DESIGN.md, "Consumers of the session log").
 */
export interface BotBacklogEntry {
  sessionId: string;
  /** The seq through which the bot has finished handling the session's events. */
  handled: number;
  /** The seq of the change that took the session from the bot (closed, routed on), once it left. */
  leftAt?: number;
}

export interface AppendMessageInput {
  sessionId: string;
  clientId: string;
  author: Author;
  text: string;
  quickReplies?: string[];
  buttons?: Button[];
  /** A file sent with the message (issue 14); `text` is '' when it is sent alone. */
  attachment?: Attachment;
  /** A card, a carousel or an inline form (issue 14), kept with the message in the log. */
  rich?: RichContent;
  /** The visitor's checked answer to an inline form. */
  formAnswer?: FormAnswer;
  /**
   * Write only while the session is with this handler in this status (checked atomically with
   * the write); otherwise `session_closed`. Bots (status `bot`) and agents (status `assigned`)
   * write with their own handler here, so a session routed away a moment earlier never gets
   * their message.
   */
  require?: { handler: Handler; status: SessionStatus };
  /**
   * The visitor the session must belong to, on their site: otherwise `forbidden`, checked in the
   * same write before anything else (issue 16: a visitor's message is one store call, with no
   * ownership read before it).
   */
  owner?: { visitorId: string; siteKey: string };
  now: number;
}

export interface AppendFormInput {
  sessionId: string;
  clientId: string;
  author: Author;
  fields: FormFields;
  now: number;
}

export interface AppendedForm {
  event: FormEvent;
  session: SessionHead;
  duplicate: boolean;
}

/** An agent who may get a session, with how many chats they take at once. */
export interface AssignCandidate {
  agentId: string;
  capacity: number;
  /** The agent as the status event's `by` names them. */
  author: Author;
}

export interface AssignInput {
  sessionId: string;
  /** The queue it waits in, whose recent waits get this one. */
  queueId: string;
  /** Who may get it; the store takes the longest-idle one who is under capacity (and ready). */
  candidates: AssignCandidate[];
  /** When false, an agent who is not ready may still get it (an agent accepting it by hand). */
  requireReady: boolean;
  reason: string;
  now: number;
}

export interface AssignedSession extends ChangedStatus {
  agentId: string;
}

export interface AppendFeedbackInput {
  sessionId: string;
  clientId: string;
  author: Author;
  feedback: Feedback;
  now: number;
}

export interface ChangeStatusInput {
  sessionId: string;
  to: SessionStatus;
  reason: string;
  by?: Author;
  /** The new handler; omitted keeps the current one. A closed session keeps its last handler. */
  handler?: Handler | null;
  /** What the session is routed to among humans (set when it is queued); omitted keeps it. */
  routing?: Routing;
  now: number;
}

export interface OpenedSession {
  session: SessionSummary;
  /** The events written by this call (none when an open session already existed). */
  events: SessionEvent[];
  created: boolean;
}

/**
 * What publishing an appended event needs of its session (issue 16): who hears it (the visitor,
 * the handler) and what it is now. The append script reads these five fields (HMGET) rather than
 * the whole hash; whoever needs the rest reads it (`getSession`).
 */
export type SessionHead = Pick<SessionSummary, 'id' | 'siteKey' | 'visitorId' | 'status' | 'handler'>;

/** A copy of a session's head. */
export const headOf = ({ id, siteKey, visitorId, status, handler }: SessionHead): SessionHead => ({
  id,
  siteKey,
  visitorId,
  status,
  handler: handler && { ...handler },
});

export interface AppendedMessage {
  event: MessageEvent;
  session: SessionHead;
  /**
   * True when this author stored this client id before: `event` is the original, and nothing
   * was written. Another author's event with the same client id is never a duplicate.
   */
  duplicate: boolean;
}

export interface AppendedFeedback {
  event: FeedbackEvent;
  session: SessionHead;
  duplicate: boolean;
}

/**
 * A read mark after `markRead`: the session's head (who hears of it), and whether the mark moved
 * (worth telling anyone).
 */
export interface MarkedRead {
  session: SessionHead;
  /** The party's mark now (the log's end at most). */
  seq: number;
  moved: boolean;
}

export interface ChangedStatus {
  event: StatusEvent;
  session: SessionSummary;
}

/**
 * Parley's storage, in domain operations (DESIGN.md, "Storage"). Every operation that changes
 * more than one thing is atomic: in Redis, one Lua script. Two implementations, one contract
 * suite (`store-contract.ts`): `createMemoryStore` (the embedded default) and `createRedisStore`.
 *
 * Retention: a closed session expires its `retentionMs` after the close. A visitor's own data
 * (their list of sessions; for a verified user's visitor, also the user's link to it) never
 * expires while a session of theirs is open, and expires the retention after their newest
 * session closed. Reading (a reconnect, a sync) renews nothing.
 */
export interface SessionStore {
  /**
   * Whether the store serves requests right now (for `/readyz`): Redis is connected, answers a
   * real command in time and is not loading its data. Never rejects; the memory store always is.
   */
  ready(): Promise<boolean>;
  /**
   * Issues a new visitor of a site with an unforgeable token, writing nothing: a visitor costs
   * storage only once they open a session (issue 11).
   */
  createVisitor(siteKey: string): Promise<NewVisitor>;
  /**
   * Whom a token belongs to on that site, or null (forged or malformed token, other site, or a
   * verified user's visitor whose data expired). It renews nothing.
   */
  findVisitor(siteKey: string, token: string): Promise<VisitorRecord | null>;
  /**
   * The visitor of a verified user of the site (created on first use; the same for every later
   * call while their data lives), with a token for it. Only call it after checking the user's
   * identity hash.
   */
  identifyVisitor(input: IdentifyVisitorInput): Promise<NewVisitor>;
  /**
   * Hands the open session of visitor `from` to visitor `to` (its owner, open pointer and place in
   * `to`'s sessions), unless `to` has an open session of its own: the moved session, or null when
   * there was nothing to move or `to` is busy. For a visitor who signs in mid-chat. `from`'s data
   * then expires the session's retention from `now`.
   */
  moveOpenSession(from: string, to: string, now: number): Promise<SessionSummary | null>;
  /** Replaces what a session knows of its visitor (`SessionSummary.visitor`): `not_found` when gone. */
  setVisitorInfo(sessionId: string, visitor: VisitorInfo, now: number): Promise<Result<SessionSummary>>;
  /**
   * Opens a session for the visitor, unless one is open: then that one is returned with
   * `created: false`. A visitor never has two open sessions, even under concurrent calls.
   */
  openSession(input: OpenSessionInput): Promise<OpenedSession>;
  getSession(sessionId: string): Promise<SessionSummary | null>;
  /** The visitor's sessions, newest first, closed ones included until they expire. */
  visitorSessions(visitorId: string, limit: number): Promise<SessionSummary[]>;
  /**
   * Appends a message with the session's next seq, deduplicated per author by client id
   * (`dedupe-key.ts`: the visitor by role, anyone else by role and id). Fails with `not_found`,
   * `forbidden` (not `owner`'s) or `session_closed`; a duplicate succeeds even after the session closed or left `require`'s
   * handler, since it names only what this author wrote. Callers authorise the author first.
   */
  appendMessage(input: AppendMessageInput): Promise<Result<AppendedMessage>>;
  /**
   * Appends feedback, deduplicated like messages (per author). Unlike messages it is taken after the session
   * closed (the visitor rates a finished chat), and it changes neither the last speaker nor the
   * idle deadline.
   */
  appendFeedback(input: AppendFeedbackInput): Promise<Result<AppendedFeedback>>;
  /** Merges values into the session's data; a null value deletes its key. Not logged. */
  setData(sessionId: string, data: SessionData, now: number): Promise<Result<SessionSummary>>;
  /**
   * Notes that `party` read the session's log through `seq` (issue 14: read receipts). Monotonic
   * (a lower seq never moves it back) and idempotent; a seq past the log's end counts as its end.
   * Taken on a closed session too (the visitor reads the last answer after the close). Cheap: it
   * writes no event, renews no deadline and wakes no consumer of the log. `not_found` when gone;
   * with `reader` (a bot or an agent), `forbidden` unless the session is with that handler, and
   * with `owner` (a visitor), unless it is that visitor's on that site; both checked in the same
   * write (so a read costs one call, not a read and a write).
   */
  markRead(
    sessionId: string,
    party: ReadParty,
    seq: number,
    reader?: Handler,
    owner?: { visitorId: string; siteKey: string },
  ): Promise<Result<MarkedRead>>;
  /**
   * `markRead` by a handler (`reader`) for several sessions at once, in one call (a bot's
   * processing cursor passing messages of many sessions, issue 16): the marks taken, by session
   * id. A session gone or no longer with the reader is left out, its mark not taken.
   */
  markReadMany(
    party: ReadParty,
    marks: Record<string, number>,
    reader: Handler,
  ): Promise<Record<string, MarkedRead>>;
  /** Moves a session along the status machine; `invalid_transition` when it may not. */
  changeStatus(input: ChangeStatusInput): Promise<Result<ChangedStatus>>;
  /**
   * Assigns a queued session to one of the candidates, atomically across processes: the
   * longest-idle candidate who is ready (unless `requireReady` is false) and has fewer open
   * sessions than their capacity. Fails with `invalid_transition` when the session is no longer
   * queued (another process assigned it), `conflict` when no candidate can take it now.
   * Records the wait in the queue's recent waits and makes the agent's idle clock start over.
   */
  assignSession(input: AssignInput): Promise<Result<AssignedSession>>;
  /** The latest waits (ms from queued to assigned) in a queue, newest first, at most 20. */
  recentWaits(queueId: string): Promise<number[]>;
  /**
   * Stores the offline form a visitor left on a session in status `offline` (deduplicated like
   * messages) and lists it among the offline messages; `invalid_transition` in another status.
   */
  appendForm(input: AppendFormInput): Promise<Result<AppendedForm>>;
  /** The latest offline messages, newest first, with their sessions (expired ones left out). */
  offlineMessages(limit: number): Promise<Array<{ session: SessionSummary; form: FormEvent }>>;
  /**
   * Keeps a private note with a session, beside its log (issue 15): it takes no seq, so nothing
   * that replays the log to a visitor or a bot can carry it. It lasts as long as the session
   * and goes with it (retention, erasure). `not_found` for an unknown or expired session.
   */
  appendNote(input: Omit<Note, 'n'>): Promise<Result<Note>>;
  /**
   * Adds and removes labels of a session (issue 15; `applyLabels`), at once: two changes at the
   * same moment both count. The session is marked for its consumers (the records). `not_found`
   * for an unknown session; `invalid_payload` (nothing changed) past `MAX_LABELS`.
   */
  labelSession(sessionId: string, change: LabelChange, now: number): Promise<Result<SessionSummary>>;
  /**
   * Changes what became of an offline message (issue 15; `applyOffline`): its assignee, done or
   * open again, at once. Marks the session for its consumers. `not_found` for an unknown session.
   */
  setOfflineState(sessionId: string, change: OfflineChange, now: number): Promise<Result<SessionSummary>>;
  /** A session's private notes, oldest first (none for an unknown session). */
  sessionNotes(sessionId: string): Promise<Note[]>;
  /** Events with seq greater than `since`, in seq order, at most `limit`. */
  eventsSince(sessionId: string, since: number, limit: number): Promise<SessionEvent[]>;
  /**
   * Open sessions handled by this handler (a bot's, an agent's, a queue's), in the order they
   * came to it: a queue's sessions in queue order.
   */
  handlerSessions(handler: Handler): Promise<SessionSummary[]>;
  /**
   * Closes (reason `timeout`) up to `limit` sessions idle since before `now`; safe to run from
   * several processes at once: each session is closed once.
   */
  closeIdle(now: number, limit: number): Promise<ChangedStatus[]>;
  /**
   * The sessions a bot holds, or held and has not finished handling (its processing cursor is
   * short of the change that took the session away). A session enters a bot's backlog when a
   * change gives it to the bot (with `handled` just before that change, so the bot welcomes
   * the visitor), and leaves it once `botHandled` reaches the change that took it away.
   */
  botBacklog(botId: string): Promise<BotBacklogEntry[]>;
  /**
   * Moves a bot's processing cursor forward (never back) for each named session of its
   * backlog; a session that is not in it is ignored, and one that is gone (expired) is dropped.
   */
  botHandled(botId: string, handled: Record<string, number>): Promise<void>;
  /**
   * Sessions changed (new events, or a new summary) since the consumer last finished with them,
   * oldest change first, at most `limit`, each leased to the caller until `leaseUntil`: nobody
   * else claims it before then unless it changes again. Only the consumers the store was created
   * with are tracked (DESIGN.md, "Consumers of the session log").
   */
  claimPending(consumer: string, limit: number, leaseUntil: number, now: number): Promise<PendingSession[]>;
  /**
   * The consumer finished with claimed sessions through the given seqs: its cursor moves forward
   * (never back), and a session leaves its pending set when nothing changed since the claim and
   * every event is handled. A session changed meanwhile, or with events left, stays pending.
   */
  releasePending(consumer: string, released: ReleasedSession[], now: number): Promise<void>;
  /**
   * Since when the oldest session pending for a consumer has waited, leased ones (being worked
   * on at `now`) aside; null when none waits. The consumer's lag is `now` minus it (issue 13:
   * the records consumer lag metric). A session whose lease ran out counts from the lease's end.
   */
  pendingSince(consumer: string, now: number): Promise<number | null>;
  /**
   * Erases a visitor of a site from the live store (GDPR; the records are erased apart): their
   * sessions with their logs (close an open one first, so its bot or agent hears of it), their
   * session list, and for a verified user the user's link to this visitor (a later sign-in starts
   * afresh). Their tokens stop working for good: the revocation is kept. Idempotent; resolves
   * with the ids of the sessions it removed.
   */
  eraseVisitor(siteKey: string, visitorId: string, now: number): Promise<string[]>;
  /** Issues an agent token (stored only as a hash) that expires after `ttlMs`. */
  createAgentToken(agentId: string, ttlMs: number): Promise<string>;
  /** The agent a live token belongs to, or null (unknown, expired or revoked). */
  findAgentToken(token: string): Promise<string | null>;
  /** Revokes a token; false when it was not live. */
  revokeAgentToken(token: string): Promise<boolean>;
  /**
   * Records an agent's presence; every process and routing read it from here. Becoming ready
   * starts the agent's idle clock (as does getting a chat): the longest idle is served first.
   */
  setPresence(presence: Presence): Promise<void>;
  /** Every agent's recorded presence. */
  listPresence(): Promise<Presence[]>;
  /**
   * Sets the site an agent works on right now (issue 15, item 4), or (null) all of theirs; kept
   * beside presence so routing in every process offers them only that site's chats.
   */
  setActiveSite(agentId: string, siteKey: string | null): Promise<void>;
  /** Every agent's active site, by agent id; an agent on all of their sites is absent. */
  activeSites(): Promise<Record<string, string>>;
  /**
   * Flags a session as silently monitored by a supervisor (issue 15), so reporting leaves it out
   * of the agents' figures; the first time is kept. Resolves with that first time.
   */
  markMonitored(sessionId: string, at: number): Promise<number>;
  /** When the session was first monitored, or null if it never was. */
  monitoredAt(sessionId: string): Promise<number | null>;
  /** Releases connections. */
  close(): Promise<void>;
}
