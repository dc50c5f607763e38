import type {
  Author,
  Button,
  Feedback,
  FeedbackEvent,
  FormEvent,
  FormFields,
  Handler,
  MessageEvent,
  Presence,
  Result,
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
  /** Shown once, to the visitor; the store keeps only its hash. */
  token: string;
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
  now: number;
}

export interface AppendMessageInput {
  sessionId: string;
  clientId: string;
  author: Author;
  text: string;
  quickReplies?: string[];
  buttons?: Button[];
  /**
   * Write only while the session is with this handler in this status (checked atomically with
   * the write); otherwise `session_closed`. Bots (status `bot`) and agents (status `assigned`)
   * write with their own handler here, so a session routed away a moment earlier never gets
   * their message.
   */
  require?: { handler: Handler; status: SessionStatus };
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
  session: SessionSummary;
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

export interface AppendedMessage {
  event: MessageEvent;
  session: SessionSummary;
  /** True when this client id was seen before: `event` is the original, and nothing was written. */
  duplicate: boolean;
}

export interface AppendedFeedback {
  event: FeedbackEvent;
  session: SessionSummary;
  duplicate: boolean;
}

export interface ChangedStatus {
  event: StatusEvent;
  session: SessionSummary;
}

/**
 * Parley's storage, in domain operations (DESIGN.md, "Storage"). Every operation that changes
 * more than one thing is atomic: in Redis, one Lua script. Two implementations, one contract
 * suite (`store-contract.ts`): `createMemoryStore` (the embedded default) and `createRedisStore`.
 */
export interface SessionStore {
  /**
   * Whether the store serves requests right now (for `/readyz`): Redis is connected, answers a
   * real command in time and is not loading its data. Never rejects; the memory store always is.
   */
  ready(): Promise<boolean>;
  /** Issues a new visitor of a site with an unguessable token. */
  createVisitor(siteKey: string, now: number): Promise<NewVisitor>;
  /** Whom a token belongs to on that site, or null (unknown token, other site). */
  findVisitor(siteKey: string, token: string): Promise<VisitorRecord | null>;
  /**
   * The visitor of a verified user of the site (created on first use; the same for every later
   * call), with a new token for it. Only call it after checking the user's identity hash.
   */
  identifyVisitor(siteKey: string, userId: string, now: number): Promise<NewVisitor>;
  /**
   * Hands the open session of visitor `from` to visitor `to` (its owner, open pointer and place in
   * `to`'s sessions), unless `to` has an open session of its own: the moved session, or null when
   * there was nothing to move or `to` is busy. For a visitor who signs in mid-chat.
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
   * Appends a message with the session's next seq, deduplicated by client id. Fails with
   * `not_found` or `session_closed`; a duplicate succeeds even after the session closed.
   */
  appendMessage(input: AppendMessageInput): Promise<Result<AppendedMessage>>;
  /**
   * Appends feedback, deduplicated by client id. Unlike messages it is taken after the session
   * closed (the visitor rates a finished chat), and it changes neither the last speaker nor the
   * idle deadline.
   */
  appendFeedback(input: AppendFeedbackInput): Promise<Result<AppendedFeedback>>;
  /** Merges values into the session's data; a null value deletes its key. Not logged. */
  setData(sessionId: string, data: SessionData, now: number): Promise<Result<SessionSummary>>;
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
   * Stores the offline form a visitor left on a session in status `offline` (deduplicated by
   * client id) and lists it among the offline messages; `invalid_transition` in another status.
   */
  appendForm(input: AppendFormInput): Promise<Result<AppendedForm>>;
  /** The latest offline messages, newest first, with their sessions (expired ones left out). */
  offlineMessages(limit: number): Promise<Array<{ session: SessionSummary; form: FormEvent }>>;
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
  /** Releases connections. */
  close(): Promise<void>;
}
