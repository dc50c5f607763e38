import type {
  Attributes,
  Author,
  Feedback,
  FormFields,
  Handler,
  SessionEvent,
  SessionStatus,
  SessionSummary,
} from '@parley/protocol';

/**
 * A session as the records keep it: the live summary's lasting part, and what its events told
 * (last message, rating, the agents who handled it). Times are milliseconds since the epoch.
 */
export interface SessionRecord {
  id: string;
  siteKey: string;
  visitorId: string;
  status: SessionStatus;
  /** Who has it, or had it last (a closed session keeps its last handler). */
  handler: Handler | null;
  /** What it was last routed to among humans. */
  queue: string | null;
  team: string | null;
  /** Every agent who was given it or wrote in it, sorted. */
  agents: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  lastSeq: number;
  /** The newest message, for list views (its text empty once erased). */
  lastMessage: { seq: number; text: string; author: Author; at: number } | null;
  /** The newest feedback given on it. */
  rating: (Feedback & { at: number }) | null;
  /** What the browser told when the session opened (absent once erased). */
  context: SessionContext;
  /** 'inbound' for now: a visitor started it. */
  direction: 'inbound' | 'outbound';
  /** Erased (`eraseVisitor`): a shell that still counts, with no text or personal data left. */
  deleted: boolean;
  correlationId: string | null;
}

/** The page a session started on, as `VisitorInfo` told it. */
export interface SessionContext {
  page?: string;
  title?: string;
  referrer?: string;
  locale?: string;
}

/** What the records know of a visitor of a site, gathered from their sessions. */
export interface VisitorProfile {
  siteKey: string;
  visitorId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  attributes: Attributes;
  /** The newest pre-chat form's answers. */
  prechat: FormFields;
  firstSeenAt: number;
  lastSeenAt: number;
  /** When their data was erased; a visitor who came back since has new data again. */
  erasedAt: number | null;
}

/**
 * What the asker may read: sessions of `siteKeys` only, and nothing else, whatever a query's
 * filters say. The other fields narrow it the way an agent is narrowed (`agent-access.ts`); with
 * none of them, every session of the sites (a supervisor, an admin, an API key).
 *
 * With any of them, a session is in scope when `queues` or `teams` is given and it was routed to
 * humans within them (its queue among `queues` when given, its team absent or among `teams` when
 * given), or when `agentId` is given and that agent handled it (whatever its queue or team). A
 * session that never reached humans is then out of scope unless the agent handled it.
 * @example { siteKeys: ['shop'], teams: ['billing'], agentId: 'ada' } // billing's, untagged, and Ada's own
 */
export interface RecordsScope {
  siteKeys: readonly string[];
  queues?: readonly string[];
  teams?: readonly string[];
  agentId?: string;
}

/** A page of a visitor's history, newest first; `next` continues it (null at the end). */
export interface HistoryPage {
  sessions: SessionRecord[];
  next: string | null;
}

export interface HistoryQuery {
  siteKey: string;
  visitorId: string;
  /** The `next` of the previous page. */
  before?: string;
  /** 1 to 100; default 20. */
  limit?: number;
  /** When given, sessions outside it are left out. */
  scope?: RecordsScope;
}

export interface Transcript {
  session: SessionRecord;
  /** In seq order. An erased session keeps only its status changes. */
  events: SessionEvent[];
}

/** A run of a highlighted text: `match` runs are the words the query found. Text, never HTML. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface SearchQuery {
  scope: RecordsScope;
  /**
   * Words to find, in web-search syntax (`refund "credit card" -paypal`, `a or b`), stemmed by
   * each site's text search configuration; also matched as substrings of the visitor's name and
   * email. Omitted or blank: every session that passes the filters, newest first.
   */
  text?: string;
  /** Messages (or, without text, sessions active) from this time (inclusive)... */
  from?: number;
  /** ...to this one (exclusive). */
  to?: number;
  /** Narrow the scope's sites (never widen them). */
  siteKeys?: readonly string[];
  queues?: readonly string[];
  /** Sessions this agent handled. */
  agentId?: string;
  statuses?: readonly SessionStatus[];
  /** Rated sessions whose newest score is within [min, max], and with this tag when given. */
  rating?: { min?: number; max?: number; tag?: string };
  /** 1 to 100; default 20. */
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  session: SessionRecord;
  visitor: { name: string | null; email: string | null };
  /** The session's best-ranked matching message, highlighted; null when none matched. */
  message: { seq: number; at: number; author: Author; segments: HighlightSegment[] } | null;
  /** How many of the session's messages matched (within the dates). */
  matches: number;
  /** The visitor's name or email contains every word of the query. */
  visitorMatch: boolean;
  /** Higher is better: the best message's ts_rank, plus 1 for a visitor match. */
  rank: number;
}

export interface SearchPage {
  hits: SearchHit[];
  /** How many sessions matched in all, across pages. */
  total: number;
}

/** Everything kept about a visitor of a site, as one JSON document (a GDPR access request). */
export interface VisitorExport {
  exportedAt: number;
  siteKey: string;
  visitorId: string;
  visitor: VisitorProfile | null;
  sessions: Array<{
    session: SessionRecord;
    events: SessionEvent[];
    feedback: Array<Feedback & { seq: number; at: number }>;
    offlineMessages: OfflineMessage[];
  }>;
}

/** What a visitor left on the offline form ("leave a message"). */
export interface OfflineMessage {
  sessionId: string;
  seq: number;
  /** The form's answers; empty once erased. */
  fields: FormFields;
  at: number;
}

/** Who did something the audit log records. */
export interface AuditActor {
  kind: 'agent' | 'api-key' | 'bot' | 'system';
  id: string;
}

export interface NewAuditEntry {
  at: number;
  actor: AuditActor;
  /** What was done, as `noun.verb`: `visitor.erase`, `config.change`, `session.export`. */
  action: string;
  /** What it was done to. */
  target?: { kind: string; id: string };
  siteKey?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends NewAuditEntry {
  id: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  siteKey?: string;
  actor?: AuditActor;
  action?: string;
  from?: number;
  to?: number;
  /** The `next` of the previous page. */
  before?: string;
  /** 1 to 500; default 50. */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

export interface EraseVisitorInput {
  siteKey: string;
  visitorId: string;
  /** Who asked for it; named in the audit entry. */
  actor: AuditActor;
  at: number;
}

export interface ErasedVisitor {
  /** False when there was nothing (left) to erase; then no audit entry is written either. */
  erased: boolean;
  /** Sessions turned into shells by this call. */
  sessions: number;
  /** Events whose content this call removed. */
  events: number;
}

export interface DeleteClosedInput {
  siteKey: string;
  /** Sessions closed before this time go (erased shells too). */
  closedBefore: number;
}

/**
 * Every conversation, kept for history, search, export and erasure (DESIGN.md, "Storage"; issue
 * 12). PostgreSQL through Kysely: embedded PGlite by default (`createPgliteRecords`), a server in
 * production (`createPostgresRecords`). One contract suite (`records-contract.ts`) for both.
 *
 * It is written behind the live store by a consumer of the session log (at least once, in order
 * per session), so `record` is idempotent on (session, seq). Readers pass a `RecordsScope`: what
 * the asker may read; nothing outside it is returned.
 */
export interface RecordsStore {
  /**
   * Records a session as the live store has it now, and events of its log: upserts the session
   * (status, handler, routing, times, last seq) and its visitor (name, email, attributes,
   * pre-chat), and inserts the events, each once per (session, seq): a replay, a repeated or
   * overlapping batch writes nothing twice. From the events it keeps the last message, the close
   * time, the newest rating, the agents who handled the session, and the offline form. One round
   * trip (a single statement). An erased session stays erased: recording it writes nothing.
   * @example await records.record(summary, await live.eventsSince(summary.id, cursor, 500));
   */
  record(session: SessionSummary, events: readonly SessionEvent[]): Promise<void>;
  /**
   * A visitor's sessions on a site, newest first, a page at a time (erased shells left out).
   * @example const page = await records.visitorHistory({ siteKey, visitorId, limit: 10 });
   *   const more = page.next && (await records.visitorHistory({ siteKey, visitorId, before: page.next }));
   */
  visitorHistory(query: HistoryQuery): Promise<HistoryPage>;
  /** What the records know of a visitor, or null. */
  visitor(siteKey: string, visitorId: string): Promise<VisitorProfile | null>;
  /**
   * A session and its events in seq order, or null when unknown (or outside `scope`, when given).
   * `after` and `limit` page through a long one.
   * @example const t = await records.transcript(id, { scope: { siteKeys: ['shop'] } });
   */
  transcript(
    sessionId: string,
    options?: { scope?: RecordsScope; after?: number; limit?: number },
  ): Promise<Transcript | null>;
  /**
   * Sessions within the scope whose messages match the text (full-text search, ranked by
   * ts_rank, the best message of each highlighted) or whose visitor's name or email does, best
   * first; filtered by dates, sites, queues, agent, status and rating; paged by limit and offset,
   * with the total.
   * @example await records.search({ scope: { siteKeys: ['shop'] }, text: 'refund', from: weekAgo })
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /** Everything kept about a visitor of a site, as one JSON-serialisable document. */
  exportVisitor(siteKey: string, visitorId: string, now: number): Promise<VisitorExport>;
  /**
   * Erases a visitor of a site (GDPR): the text and payloads of their sessions' messages, feedback
   * and forms, their name, email, user id, attributes and pre-chat answers, their offline
   * messages' fields and their sessions' page context. Their sessions stay as `deleted` shells
   * (they still count), and an audit entry names who erased whom. One transaction; a second call
   * changes nothing, writes no audit entry, and succeeds.
   */
  eraseVisitor(input: EraseVisitorInput): Promise<ErasedVisitor>;
  /**
   * Retention: deletes a site's sessions closed before the cutoff with their events and offline
   * messages, then the site's visitors who have no session left. In batches, so a large backlog
   * never holds one long transaction.
   */
  deleteClosedBefore(input: DeleteClosedInput): Promise<{ sessions: number; visitors: number }>;
  /** Appends an entry to the audit log. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Audit entries, newest first, filtered, a page at a time. */
  listAudit(query?: AuditQuery): Promise<AuditPage>;
  /**
   * Resolves when the database answers one trivial query, and rejects with its error when it does
   * not: the readiness probe reports not ready, and logs why.
   */
  ready(): Promise<void>;
  /** Releases the connections (and closes an embedded database it opened). */
  close(): Promise<void>;
}
