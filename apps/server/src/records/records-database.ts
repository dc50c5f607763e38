import type { ColumnType, Generated } from 'kysely';

/**
 * Every table and column of the records store, as the Kysely `Database` type that every query is
 * typed against: a misspelt name fails the typecheck (DESIGN.md, "Storage": one module names
 * everything, like `redis-keys.ts`). Migrations are the exception: they are history, frozen as
 * written, so they spell their names out (`migrations/`).
 *
 * Times are `timestamptz` (a Date in and out; the store speaks milliseconds since the epoch).
 * JSON columns are `jsonb`, written as a JSON string (`json()` in `sql-records.ts`), read as parsed
 * values: pg and PGlite both parse jsonb, and both take a string for it.
 */
export interface RecordsDatabase {
  sessions: SessionsTable;
  events: EventsTable;
  visitors: VisitorsTable;
  offline_messages: OfflineMessagesTable;
  session_notes: SessionNotesTable;
  audit_entries: AuditEntriesTable;
  search_configs: SearchConfigsTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  monitored_sessions: MonitoredSessionsTable;
}

type Timestamp = ColumnType<Date, Date, Date>;
/** A jsonb column: read as T, written as a JSON string (or null, when T may be). */
type Json<T> = null extends T ? ColumnType<T, string | null, string | null> : ColumnType<T, string, string>;

export interface SessionsTable {
  id: string;
  site_key: string;
  visitor_id: string;
  /** `SessionStatus`. */
  status: string;
  /** Who has the session (a closed session keeps its last handler): `Handler.kind` and id. */
  handler_kind: string | null;
  handler_id: string | null;
  /** What it was last routed to among humans (`SessionSummary.routing`). */
  queue: string | null;
  team: string | null;
  /** Every agent who handled it (assigned, or wrote in it), in no order. */
  agents: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_seq: number;
  /** The newest message, for list views; its seq decides which of two writes is newer. */
  last_message_seq: number | null;
  last_message_text: string | null;
  last_message_role: string | null;
  last_message_author_id: string | null;
  last_message_author_name: string | null;
  last_message_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The newest feedback (`Feedback`), and the seq of its event. */
  rating_score: number | null;
  rating_tag: string | null;
  rating_review: string | null;
  rating_seq: number | null;
  rating_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** What the browser told when it opened: page, title, referrer, locale (`SessionContext`). */
  visitor_context: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** Who started it (`Direction`): 'inbound', 'outbound' or 'agent-initiated' (`directionOf`). */
  direction: ColumnType<string, string | undefined, string>;
  /** An erased session: a shell that still counts, with no text or personal data left. */
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  /** The correlation id the session was started with (`SessionSummary.correlationId`, issue 13). */
  correlation_id: string | null;
  /** Labels (issue 15), sorted; empty when none. */
  labels: ColumnType<string[], string[] | undefined, string[]>;
  /** An offline message's assignee and state (issue 15); null when nobody touched it. */
  offline: Json<{ assignee?: string; doneAt?: number; doneBy?: string } | null>;
}

export interface EventsTable {
  session_id: string;
  seq: number;
  /** `SessionEvent.type`. */
  type: string;
  author_role: string | null;
  author_id: string | null;
  author_name: string | null;
  client_id: string | null;
  /** A message's text; null for other events, and once erased. */
  text: string | null;
  /** The event as the session log had it (`SessionEvent`); null once erased. */
  payload: Json<Record<string, unknown> | null>;
  at: Timestamp;
  /** The text search configuration `text_vector` was made with (a message's site's). */
  text_config: string | null;
  /** `to_tsvector(text_config, text)`. Never read back: only searched. */
  text_vector: ColumnType<never, never, null>;
}

export interface VisitorsTable {
  site_key: string;
  visitor_id: string;
  /** The site's user id of a verified visitor (not fed yet: `SessionSummary` does not carry it). */
  user_id: string | null;
  name: string | null;
  email: string | null;
  attributes: Json<Record<string, string | number | boolean>>;
  prechat: Json<Record<string, string>>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** lower(name || ' ' || email), generated; trigram-indexed for search. */
  contact_text: ColumnType<string, never, never>;
}

/** Private notes (issue 15), by session and number. */
export interface SessionNotesTable {
  session_id: string;
  n: number;
  at: Timestamp;
  author_id: string;
  author_name: string | null;
  text: string;
}

export interface OfflineMessagesTable {
  session_id: string;
  /** The seq of the `form` event that left it. */
  seq: number;
  /** The form's answers; null once erased. */
  fields: Json<Record<string, string> | null>;
  at: Timestamp;
}

export interface AuditEntriesTable {
  id: Generated<string>;
  at: Timestamp;
  actor_kind: string;
  actor_id: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  site_key: string | null;
  details: Json<Record<string, unknown>>;
}

/**
 * Which text search configurations a site's messages were indexed with. A search builds its
 * query once per configuration listed here, so the GIN index serves it, and a site that changed
 * language still finds its older messages.
 */
export interface SearchConfigsTable {
  site_key: string;
  config: string;
}

/** API keys of the REST API (issue 13); the secret only as its SHA-256 hash, hex. */
export interface ApiKeysTable {
  id: string;
  site_key: string;
  name: string;
  /** `read`, `write` or `admin`. */
  scope: string;
  secret_hash: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Where webhooks go (`kind` 'webhook', per site) and HTTP bots (`kind` 'bot', by bot id). */
export interface WebhookEndpointsTable {
  id: string;
  kind: 'webhook' | 'bot';
  site_key: string | null;
  bot_id: string | null;
  url: string;
  /** `whsec_<base64>`; one, or two during a rotation (each signs). */
  secrets: string[];
  /** The webhook event types it receives (a bot's are fixed, and this is empty). */
  events: ColumnType<string[], string[] | undefined, string[]>;
  allow_private: ColumnType<boolean, boolean | undefined, boolean>;
  /** 'config' (upserted from the config file at every start) or 'api'. */
  source: 'config' | 'api';
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Failed attempts in a row; past the threshold the circuit opens until `circuit_open_until`. */
  consecutive_failures: ColumnType<number, number | undefined, number>;
  circuit_open_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The outbox: one row per (endpoint, session, seq, event type), delivered in order per session. */
export interface WebhookDeliveriesTable {
  /** Also the `webhook-id` header: the same on every retry. */
  id: string;
  endpoint_id: string;
  session_id: string;
  seq: number;
  /** Orders the rows one event makes (`session.created` before `session.changed`). */
  position: number;
  event_type: string;
  /** The webhook body (`WebhookPayload`). */
  payload: Json<Record<string, unknown>>;
  state: ColumnType<
    'pending' | 'delivered' | 'failed',
    'pending' | undefined,
    'pending' | 'delivered' | 'failed'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  next_at: Timestamp;
  /** A dispatcher holds the row until then (a killed one lets it go when it ends). */
  lease_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_status: number | null;
  last_error: string | null;
}

/** Every attempt to deliver a row, retries and redeliveries alike. */
export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  status: number | null;
  latency_ms: number;
  /** The first KB of the response body. */
  response: string | null;
  error: string | null;
  redelivery: ColumnType<boolean, boolean | undefined, boolean>;
}

/** Sessions a supervisor monitored silently (issue 15): left out of the agents' figures. */
export interface MonitoredSessionsTable {
  session_id: string;
  site_key: string;
  monitored_at: Timestamp;
  /** The supervisor's agent id. */
  monitored_by: string;
}
