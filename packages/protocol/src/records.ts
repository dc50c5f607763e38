/**
 * The wire shapes of the records (issue 12): every conversation kept in PostgreSQL, read back as
 * a visitor's history, an agent's search and transcripts, an export, and the audit log. The
 * server's records store speaks these types; widget and desk read them.
 */
import * as v from 'valibot';
import { LabelSchema } from './labels.js';
import { LIMITS } from './limits.js';
import {
  type Attributes,
  type Author,
  type Feedback,
  type FormFields,
  type Handler,
  type SessionEvent,
  StatusSchema,
} from './schemas.js';
import type { SessionStatus } from './status.js';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id));
/** A page cursor the server handed out (`next`), passed back as is. */
const cursor = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
/** The latest time a JavaScript `Date` holds, in milliseconds since the epoch. */
export const MAX_TIME = 8_640_000_000_000_000;
/** A time: milliseconds since the epoch, from the epoch to the latest a `Date` holds. */
export const TimeSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TIME));
const time = TimeSchema;

/** A session as the records keep it. Times are milliseconds since the epoch. */
export interface ConversationRecord {
  id: string;
  siteKey: string;
  visitorId: string;
  status: SessionStatus;
  /** Who has it, or had it last. */
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
  /** The newest message, for list views. */
  lastMessage: { seq: number; text: string; author: Author; at: number } | null;
  /** The newest feedback given on it. */
  rating: (Feedback & { at: number }) | null;
  /** The page it started on. */
  context: { page?: string; title?: string; referrer?: string; locale?: string };
  direction: Direction;
  /** Erased: a shell that still counts, with no text or personal data left. */
  deleted: boolean;
  correlationId: string | null;
}

/**
 * Who started a conversation (issue 15, item 5): the visitor (`inbound`), a bot or the REST API
 * (`outbound`), or an agent from the desk (`agent-initiated`). Read from the session's opening.
 */
export const DIRECTIONS = ['inbound', 'outbound', 'agent-initiated'] as const;

export type Direction = (typeof DIRECTIONS)[number];

/** What the records know of a visitor of a site. */
export interface VisitorProfile {
  siteKey: string;
  visitorId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  attributes: Attributes;
  prechat: FormFields;
  firstSeenAt: number;
  lastSeenAt: number;
  erasedAt: number | null;
}

/** A page of a visitor's history, newest first; `next` continues it (null at the end). */
export interface HistoryPage {
  sessions: ConversationRecord[];
  next: string | null;
}

/** A conversation and its events in seq order. */
export interface Transcript {
  session: ConversationRecord;
  events: SessionEvent[];
}

/** A run of highlighted text: `match` runs are the words the query found. Text, never HTML. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface SearchHit {
  session: ConversationRecord;
  visitor: { name: string | null; email: string | null };
  /** The session's best-ranked matching message, highlighted; null when none matched. */
  message: { seq: number; at: number; author: Author; segments: HighlightSegment[] } | null;
  /** How many of the session's messages matched. */
  matches: number;
  /** The visitor's name or email matched. */
  visitorMatch: boolean;
  rank: number;
  /** The session's labels (issue 15), sorted; absent from older servers' answers. */
  labels?: string[];
}

export interface SearchPage {
  hits: SearchHit[];
  /** How many sessions matched in all, across pages. */
  total: number;
}

/** What a visitor left on the offline form. */
export interface OfflineMessage {
  sessionId: string;
  seq: number;
  fields: FormFields;
  at: number;
}

/** Everything kept about a visitor of a site, as one JSON document (a GDPR access request). */
export interface VisitorExport {
  exportedAt: number;
  siteKey: string;
  visitorId: string;
  visitor: VisitorProfile | null;
  sessions: Array<{
    session: ConversationRecord;
    events: SessionEvent[];
    feedback: Array<Feedback & { seq: number; at: number }>;
    offlineMessages: OfflineMessage[];
  }>;
}

/** Who did something the audit log records. */
export interface AuditActor {
  kind: 'agent' | 'api-key' | 'bot' | 'system';
  id: string;
}

export interface AuditEntry {
  id: string;
  at: number;
  actor: AuditActor;
  /** What was done, as `noun.verb`: `visitor.erase`, `agent.login`, `session.transfer`. */
  action: string;
  target?: { kind: string; id: string };
  siteKey?: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

// ---- inbound payloads -------------------------------------------------------------------------

/** The widget's earlier conversations, newest first. */
export const HistoryListSchema = v.strictObject({
  before: v.optional(cursor),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50))),
});

/** A desk's view of a visitor's conversations. */
export const VisitorHistorySchema = v.strictObject({
  siteKey: id,
  visitorId: id,
  before: v.optional(cursor),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50))),
});

/** A visitor of a site (export, erasure). */
export const VisitorRefSchema = v.strictObject({ siteKey: id, visitorId: id });

/** The desk's search: words, and filters; `text` empty lists the newest conversations. */
export const SearchSchema = v.strictObject({
  text: v.optional(v.pipe(v.string(), v.maxLength(200))),
  from: v.optional(time),
  to: v.optional(time),
  siteKeys: v.optional(v.pipe(v.array(id), v.maxLength(50))),
  queues: v.optional(v.pipe(v.array(id), v.maxLength(50))),
  agentId: v.optional(id),
  statuses: v.optional(v.pipe(v.array(StatusSchema), v.maxLength(20))),
  /** Sessions with every one of these labels (issue 15). */
  labels: v.optional(v.pipe(v.array(LabelSchema), v.maxLength(10))),
  rating: v.optional(
    v.strictObject({
      min: v.optional(v.number()),
      max: v.optional(v.number()),
      tag: v.optional(v.pipe(v.string(), v.maxLength(64))),
    }),
  ),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
});

/** Admins: the audit log, newest first. */
export const AuditListSchema = v.strictObject({
  action: v.optional(v.pipe(v.string(), v.maxLength(64))),
  siteKey: v.optional(id),
  before: v.optional(cursor),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
});

export type HistoryListInput = v.InferInput<typeof HistoryListSchema>;
export type VisitorHistoryInput = v.InferInput<typeof VisitorHistorySchema>;
export type VisitorRef = v.InferInput<typeof VisitorRefSchema>;
export type SearchInput = v.InferInput<typeof SearchSchema>;
export type AuditListInput = v.InferInput<typeof AuditListSchema>;
