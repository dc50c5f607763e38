// The wire shapes (packages/protocol/src/records.ts) are the records' own: one definition.
import type {
  AuditActor,
  AuditEntry,
  AuditPage,
  ConversationRecord,
  HighlightSegment,
  HistoryPage,
  Note,
  OfflineMessage,
  SearchHit,
  SearchPage,
  SessionEvent,
  SessionStatus,
  SessionSummary,
  Transcript,
  VisitorExport,
  VisitorProfile,
} from '@parley/protocol';
import type { WebhookStore } from '../webhooks/webhook-store.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { MonitoredSession } from './monitored-sessions.js';
import type { SessionBatch } from './record-sessions.js';
import type { ReportFigures, ReportFilter } from './report-queries.js';

export type {
  AuditActor,
  AuditEntry,
  AuditPage,
  HighlightSegment,
  HistoryPage,
  OfflineMessage,
  SearchHit,
  SearchPage,
  Transcript,
  VisitorExport,
  VisitorProfile,
};
/** A session as the records keep it (the wire's `ConversationRecord`). */
export type SessionRecord = ConversationRecord;
/** The page a session started on. */
export type SessionContext = ConversationRecord['context'];

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
  /** Per site, the teams to use there instead of `teams` (an agent's teams differ by site, issue 15). */
  siteTeams?: Readonly<Record<string, readonly string[]>>;
  agentId?: string;
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
  /** Sessions with every one of these labels (issue 15). */
  labels?: readonly string[];
  /** Rated sessions whose newest score is within [min, max], and with this tag when given. */
  rating?: { min?: number; max?: number; tag?: string };
  /** 1 to 100; default 20. */
  limit?: number;
  offset?: number;
}

export interface OfflineQuery {
  scope: RecordsScope;
  /** The `next` of the previous page. */
  before?: string;
  /** 1 to 100; default 20. */
  limit?: number;
}

/** Offline messages newest first, each with its session; `next` continues (null at the end). */
export interface OfflineRecordPage {
  messages: Array<OfflineMessage & { session: SessionRecord }>;
  next: string | null;
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
   * trip (a single statement; the webhook endpoints it fills the outbox for are read at most once
   * a second, `WebhookStore.audience`). An erased session stays erased: recording it writes nothing.
   * @example await records.record(summary, await live.eventsSince(summary.id, cursor, 500));
   */
  record(session: SessionSummary, events: readonly SessionEvent[]): Promise<void>;
  /**
   * `record` for many sessions at once, in one statement: what the records writer does with every
   * round (a statement's fixed cost, about 2 ms of the database's time, is then paid once per
   * round rather than once per session). Each session at most once in a batch; all or nothing.
   * @example await records.recordBatch([{ session: a, events: aEvents }, { session: b, events: [] }]);
   */
  recordBatch(batch: readonly SessionBatch[]): Promise<void>;
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
  /** Offline messages within the scope, newest first, a page at a time (erased ones left out). */
  offlineMessages(query: OfflineQuery): Promise<OfflineRecordPage>;
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
  /**
   * Marks closed at `at` every session the records still have open (closed ones keep their
   * time): at the start of a server whose live store kept nothing from the last run (the memory
   * store, without `REDIS_URL`), whose open chats ended with that run. Resolves with how many.
   */
  closeLeftOpen(at: number): Promise<number>;
  /** The REST API's keys (issue 13), kept in the same database. */
  readonly apiKeys: ApiKeyStore;
  /**
   * The webhooks' endpoints, outbox and delivery log (issue 13), in the same database: `record`
   * fills the outbox in its one statement.
   */
  readonly webhooks: WebhookStore;
  /** Appends an entry to the audit log. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Keeps a private note (issue 15); the same note (session, number) twice is kept once. */
  appendNote(note: Note): Promise<void>;
  /** A session's private notes, oldest first (erased and expired sessions have none). */
  sessionNotes(sessionId: string): Promise<Note[]>;
  /** Audit entries, newest first, filtered, a page at a time. */
  listAudit(query?: AuditQuery): Promise<AuditPage>;
  /**
   * The reports' figures (issue 15, item 6) for sessions started within [from, to) in the scope,
   * narrowed by site, queue, team and agent: one statement per figure (`report-queries.ts`).
   * @example await records.report({ scope: { siteKeys: ['shop'] }, from: day, to: day + 86_400_000 })
   */
  report(filter: ReportFilter): Promise<ReportFigures>;
  /**
   * Flags a session as silently monitored (issue 15): reports leave it out of the agents'
   * figures. The first flag stays; a repeat changes nothing.
   */
  markMonitored(input: MonitoredSession): Promise<void>;
  /** A session's monitored flag, or null when no supervisor monitored it. */
  monitored(sessionId: string): Promise<MonitoredSession | null>;
  /**
   * Resolves when the database answers one trivial query, and rejects with its error when it does
   * not: the readiness probe reports not ready, and logs why.
   */
  ready(): Promise<void>;
  /** Releases the connections (and closes an embedded database it opened). */
  close(): Promise<void>;
}
