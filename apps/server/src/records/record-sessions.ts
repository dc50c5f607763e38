import type { FeedbackEvent, MessageEvent, SessionEvent, SessionSummary } from '@parley/protocol';
import { sql } from 'kysely';
import { newDeliveryId } from '../webhooks/outbox-row.js';
import { outboxEntries } from '../webhooks/webhook-events.js';
import type { OutboxAudience } from '../webhooks/webhook-store.js';
import { openingDirection } from './direction.js';
import { json } from './session-rows.js';

/** One session of a batch and its new events (`RecordsStore.recordBatch`). */
export interface SessionBatch {
  session: SessionSummary;
  events: readonly SessionEvent[];
}

/** What a batch of events tells about its session, beyond the summary. */
interface Derived {
  lastMessage: MessageEvent | undefined;
  feedback: FeedbackEvent | undefined;
  /** When the batch's close event closed it. */
  closedAt: number | undefined;
  agents: string[];
}

function derive(session: SessionSummary, events: readonly SessionEvent[]): Derived {
  let lastMessage: MessageEvent | undefined;
  let feedback: FeedbackEvent | undefined;
  let closedAt: number | undefined;
  const agents = new Set<string>();
  if (session.handler?.kind === 'agent') agents.add(session.handler.id);
  for (const event of events) {
    if (event.type === 'message') {
      if (!lastMessage || event.seq > lastMessage.seq) lastMessage = event;
      if (event.author.role === 'agent') agents.add(event.author.id);
    } else if (event.type === 'feedback') {
      if (!feedback || event.seq > feedback.seq) feedback = event;
    } else if (event.type === 'session.changed') {
      if (event.handler?.kind === 'agent') agents.add(event.handler.id);
      if (event.to === 'closed') closedAt = event.at;
    }
  }
  return { lastMessage, feedback, closedAt, agents: [...agents] };
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** A session's row as the statement's `s` recordset reads it. */
function sessionInput({ session, events }: SessionBatch, textConfig: string) {
  const { lastMessage, feedback, closedAt, agents } = derive(session, events);
  const { visitor } = session;
  const context = Object.fromEntries(
    (['page', 'title', 'referrer', 'locale'] as const).flatMap((key) =>
      visitor[key] === undefined ? [] : [[key, visitor[key]]],
    ),
  );
  let lastSeq = session.lastSeq;
  let firstSeq = events.length === 0 ? 0 : Number.MAX_SAFE_INTEGER;
  for (const event of events) {
    lastSeq = Math.max(lastSeq, event.seq);
    firstSeq = Math.min(firstSeq, event.seq);
  }
  return {
    id: session.id,
    site_key: session.siteKey,
    visitor_id: session.visitorId,
    status: session.status,
    handler_kind: session.handler?.kind ?? null,
    handler_id: session.handler?.id ?? null,
    queue: session.routing?.queue ?? null,
    team: session.routing?.team ?? null,
    agents,
    created_at: iso(session.createdAt),
    updated_at: iso(session.updatedAt),
    // The close event's time once seen; until then, the summary's when it says closed.
    close_event_at: iso(closedAt),
    closed_at: iso(closedAt ?? (session.status === 'closed' ? session.updatedAt : undefined)),
    first_seq: firstSeq,
    last_seq: lastSeq,
    last_message_seq: lastMessage?.seq ?? null,
    last_message_text: lastMessage?.text ?? null,
    last_message_role: lastMessage?.author.role ?? null,
    last_message_author_id: lastMessage?.author.id ?? null,
    last_message_author_name: lastMessage?.author.name ?? null,
    last_message_at: iso(lastMessage?.at),
    rating_score: feedback?.feedback.score ?? null,
    rating_tag: feedback?.feedback.tag ?? null,
    rating_review: feedback?.feedback.review ?? null,
    rating_seq: feedback?.seq ?? null,
    rating_at: iso(feedback?.at),
    visitor_context: context,
    correlation_id: session.correlationId ?? null,
    // Who started it, from its opening event when this batch holds it (null: kept as recorded).
    direction: openingDirection(events),
    labels: session.labels ?? [],
    offline: session.offline ?? null,
    // What it tells of its visitor (folded with the batch's other sessions of theirs, in SQL).
    name: visitor.name ?? null,
    email: visitor.email ?? null,
    attributes: visitor.attributes ?? {},
    prechat: visitor.prechat ?? {},
    // The search configuration its messages are indexed in (the site's language).
    text_config: textConfig,
  };
}

/** The outbox entries an enabled endpoint may take: none at all, and the outbox costs nothing. */
function outboxInputs({ session, events }: SessionBatch, audience: OutboxAudience) {
  const siteTypes = audience.sites.get(session.siteKey);
  if (!siteTypes && !audience.bots) return [];
  return outboxEntries(session, events)
    .filter((entry) => (entry.audience === 'site' ? siteTypes?.has(entry.type) === true : audience.bots))
    .map((entry) => ({ ...entry, session_id: session.id, site_key: session.siteKey }));
}

/**
 * The one statement that records a batch of sessions and their new events
 * (`RecordsStore.recordBatch`), however many sessions and events: the sessions' and the outbox's
 * rows go in as one JSON recordset each, the events as the JSON array of the events themselves
 * (their columns taken from them in SQL: building a row per event here, and sending each event
 * twice, cost more than a quarter of the writer's CPU, issue 12), and data-modifying CTEs upsert
 * the visitors, insert the events (ON CONFLICT DO NOTHING on the primary key (session_id, seq)),
 * and from the events actually inserted the webhooks' outbox, the offline messages and the sites'
 * search configurations; the main statement upserts the sessions. The text never changes with
 * the batch, so the database prepares it once.
 *
 * Every CTE sees the tables as they were before the statement, so "is this session erased" reads
 * the same everywhere (an erased session, a shell, takes nothing more: not its events, not its
 * visitor's data), and each column merges so that any order of calls ends the same: the summary's
 * fields are taken when the summary is at least as new as the row's (`updated_at`), the last
 * message and rating when their seq is higher, the agents as a union, the close time from the
 * close event once seen.
 */
export function recordSessions(
  batch: readonly SessionBatch[],
  textConfigOf: (siteKey: string) => string,
  audience: OutboxAudience,
) {
  const ids = new Set<string>();
  for (const { session, events } of batch) {
    if (ids.has(session.id)) throw new Error(`Session ${session.id} is twice in one batch`);
    ids.add(session.id);
    for (const event of events) {
      if (event.sessionId !== session.id) {
        throw new Error(
          `Event ${event.seq} of session ${event.sessionId} recorded with session ${session.id}`,
        );
      }
    }
  }
  const sessions = batch.map((entry) => sessionInput(entry, textConfigOf(entry.session.siteKey)));
  // The events as they are: the statement takes its columns from them, so each goes into the
  // JSON once (it is also the row's payload) and nothing is built per event here.
  const events = batch.flatMap((entry) => entry.events);
  const outbox = batch.flatMap((entry) => outboxInputs(entry, audience));

  const newer = sql`excluded.updated_at >= sessions.updated_at`;
  const fromSummary = (column: string) =>
    sql`${sql.id(column)} = CASE WHEN ${newer} THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`sessions.${column}`)} END`;
  const bySeq = (seqColumn: string, column: string) =>
    sql`${sql.id(column)} = CASE WHEN coalesce(${sql.ref(`excluded.${seqColumn}`)}, 0) > coalesce(${sql.ref(`sessions.${seqColumn}`)}, 0)
      THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`sessions.${column}`)} END`;
  const visitorNewer = sql`excluded.last_seen_at >= visitors.last_seen_at`;

  return sql`
WITH s AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset(${json(sessions)}::jsonb) AS s(
    id text, site_key text, visitor_id text, status text, handler_kind text, handler_id text,
    queue text, team text, agents text[], created_at timestamptz, updated_at timestamptz,
    close_event_at timestamptz, closed_at timestamptz, first_seq integer, last_seq integer,
    last_message_seq integer, last_message_text text, last_message_role text,
    last_message_author_id text, last_message_author_name text, last_message_at timestamptz,
    rating_score smallint, rating_tag text, rating_review text, rating_seq integer,
    rating_at timestamptz, visitor_context jsonb, correlation_id text, direction text, labels text[],
    offline jsonb, name text, email text, attributes jsonb, prechat jsonb, text_config text)
),
erased AS MATERIALIZED (
  SELECT d.id FROM sessions d JOIN s ON s.id = d.id WHERE d.deleted
),
-- One row per visitor: an upsert may touch a row once only, and two sessions of one visitor often
-- share a batch. Their summaries fold as the upsert merges (below), oldest to newest, so a batch
-- ends as its sessions recorded one by one would; an erased session's summary takes no part.
visitor_rows AS (
  SELECT s.site_key, s.visitor_id,
    (array_agg(s.name ORDER BY s.updated_at DESC) FILTER (WHERE s.name IS NOT NULL))[1] AS name,
    (array_agg(s.email ORDER BY s.updated_at DESC) FILTER (WHERE s.email IS NOT NULL))[1] AS email,
    coalesce(jsonb_object_agg(a.key, a.value ORDER BY s.updated_at) FILTER (WHERE a.key IS NOT NULL),
      '{}'::jsonb) AS attributes,
    coalesce((array_agg(s.prechat ORDER BY s.updated_at DESC) FILTER (WHERE s.prechat <> '{}'::jsonb))[1],
      '{}'::jsonb) AS prechat,
    min(s.created_at) AS first_seen_at, max(s.updated_at) AS last_seen_at
  FROM s LEFT JOIN LATERAL jsonb_each(s.attributes) a ON true
  WHERE NOT EXISTS (SELECT 1 FROM erased WHERE erased.id = s.id)
  GROUP BY s.site_key, s.visitor_id
),
visitor_upsert AS (
  INSERT INTO visitors (site_key, visitor_id, name, email, attributes, prechat, first_seen_at, last_seen_at)
  SELECT site_key, visitor_id, name, email, attributes, prechat, first_seen_at, last_seen_at
  FROM visitor_rows
  ON CONFLICT (site_key, visitor_id) DO UPDATE SET
    -- The newer summary's name and email, unless it has none; the newer one's attributes win
    -- key by key; the newer non-empty pre-chat answers.
    name = CASE WHEN ${visitorNewer} THEN coalesce(excluded.name, visitors.name)
      ELSE coalesce(visitors.name, excluded.name) END,
    email = CASE WHEN ${visitorNewer} THEN coalesce(excluded.email, visitors.email)
      ELSE coalesce(visitors.email, excluded.email) END,
    attributes = CASE WHEN ${visitorNewer} THEN visitors.attributes || excluded.attributes
      ELSE excluded.attributes || visitors.attributes END,
    prechat = CASE WHEN ${visitorNewer} AND excluded.prechat <> '{}'::jsonb
      OR visitors.prechat = '{}'::jsonb THEN excluded.prechat ELSE visitors.prechat END,
    first_seen_at = least(visitors.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(visitors.last_seen_at, excluded.last_seen_at)
),
-- Each event's columns from the event itself (a message's text, who wrote or changed it), its
-- search configuration from its session's site.
event_rows AS (
  SELECT e ->> 'sessionId' AS session_id, (e ->> 'seq')::integer AS seq, e ->> 'type' AS type,
    CASE WHEN e ->> 'type' = 'session.changed' THEN e -> 'by' ELSE e -> 'author' END AS author,
    CASE WHEN e ->> 'type' = 'session.changed' THEN NULL ELSE e ->> 'clientId' END AS client_id,
    CASE WHEN e ->> 'type' = 'message' THEN e ->> 'text' END AS text,
    CASE WHEN e ->> 'type' = 'message' THEN s.text_config END AS text_config,
    -- Milliseconds since the epoch, exact to the microsecond the column keeps.
    to_timestamp((e ->> 'at')::double precision / 1000) AS at,
    e AS payload
  FROM jsonb_array_elements(${json(events)}::jsonb) AS e JOIN s ON s.id = e ->> 'sessionId'
),
inserted AS (
  INSERT INTO events (session_id, seq, type, author_role, author_id, author_name, client_id, text,
    payload, at, text_config, text_vector)
  SELECT x.session_id, x.seq, x.type, x.author ->> 'role', x.author ->> 'id', x.author ->> 'name',
    x.client_id, x.text, x.payload, x.at, x.text_config,
    CASE WHEN x.text IS NULL THEN NULL ELSE to_tsvector(x.text_config::regconfig, x.text) END
  FROM event_rows x
  WHERE NOT EXISTS (SELECT 1 FROM erased WHERE erased.id = x.session_id)
  ON CONFLICT (session_id, seq) DO NOTHING
  RETURNING events.session_id, events.seq, events.type, events.payload, events.at, events.text_config
),
-- The webhooks' and HTTP bots' outbox (issue 13), from the events inserted here and now: in the
-- same statement, so a writer killed at any moment neither loses nor doubles a delivery.
outbox AS (
  INSERT INTO webhook_deliveries (id, endpoint_id, session_id, seq, position, event_type, payload,
    next_at, created_at)
  SELECT ${newDeliveryId()}, ep.id, o.session_id, o.seq,
    o.position, o.type, o.payload,
    -- Due from the event's own time: whatever clock the dispatcher reads, it is due.
    i.at, now()
  FROM jsonb_to_recordset(${json(outbox)}::jsonb) AS o(
    session_id text, site_key text, seq integer, position smallint, type text, audience text,
    bot text, inherit boolean, payload jsonb)
  JOIN inserted i ON i.session_id = o.session_id AND i.seq = o.seq
  JOIN s ON s.id = o.session_id
  JOIN webhook_endpoints ep ON ep.enabled AND (
    (o.audience = 'site' AND ep.kind = 'webhook' AND ep.site_key = o.site_key AND o.type = ANY(ep.events))
    OR (o.audience = 'bot' AND ep.kind = 'bot' AND ep.bot_id = CASE WHEN o.inherit
      -- The bot the session had before this batch: the handler of its latest recorded change.
      THEN (SELECT CASE WHEN p.payload -> 'handler' ->> 'kind' = 'bot' THEN p.payload -> 'handler' ->> 'id' END
        FROM events p WHERE p.session_id = o.session_id AND p.type = 'session.changed'
          AND p.payload -> 'handler' IS NOT NULL AND p.seq < s.first_seq
        ORDER BY p.seq DESC LIMIT 1)
      ELSE o.bot END))
  ON CONFLICT (endpoint_id, session_id, seq, event_type) DO NOTHING
),
offline AS (
  INSERT INTO offline_messages (session_id, seq, fields, at)
  SELECT i.session_id, i.seq, i.payload -> 'fields', i.at FROM inserted i WHERE i.type = 'form'
  ON CONFLICT (session_id, seq) DO NOTHING
),
configs AS (
  INSERT INTO search_configs (site_key, config)
  SELECT DISTINCT s.site_key, i.text_config FROM inserted i JOIN s ON s.id = i.session_id
  WHERE i.text_config IS NOT NULL
  ON CONFLICT (site_key, config) DO NOTHING
)
INSERT INTO sessions (id, site_key, visitor_id, status, handler_kind, handler_id, queue, team,
  agents, created_at, updated_at, closed_at, last_seq, last_message_seq, last_message_text,
  last_message_role, last_message_author_id, last_message_author_name, last_message_at,
  rating_score, rating_tag, rating_review, rating_seq, rating_at, visitor_context, correlation_id,
  direction, labels, offline)
SELECT s.id, s.site_key, s.visitor_id, s.status, s.handler_kind, s.handler_id, s.queue, s.team,
  s.agents, s.created_at, s.updated_at, s.closed_at,
  s.last_seq, s.last_message_seq, s.last_message_text, s.last_message_role,
  s.last_message_author_id, s.last_message_author_name, s.last_message_at, s.rating_score,
  s.rating_tag, s.rating_review, s.rating_seq, s.rating_at, s.visitor_context, s.correlation_id,
  coalesce(s.direction, 'inbound'), s.labels, s.offline
FROM s
ON CONFLICT (id) DO UPDATE SET
  ${fromSummary('visitor_id')}, ${fromSummary('status')}, ${fromSummary('handler_kind')},
  ${fromSummary('handler_id')}, ${fromSummary('queue')}, ${fromSummary('team')},
  ${fromSummary('visitor_context')}, ${fromSummary('labels')}, ${fromSummary('offline')},
  -- Set when the session opened and never changed: the first one recorded stays.
  correlation_id = coalesce(sessions.correlation_id, excluded.correlation_id),
  -- From the opening event, whichever batch holds it (a replay writes the same).
  direction = coalesce((SELECT s.direction FROM s WHERE s.id = excluded.id), sessions.direction),
  updated_at = greatest(sessions.updated_at, excluded.updated_at),
  last_seq = greatest(sessions.last_seq, excluded.last_seq),
  -- The close event's time once seen; until then, the summary's when it says closed.
  closed_at = coalesce((SELECT s.close_event_at FROM s WHERE s.id = excluded.id), sessions.closed_at,
    excluded.closed_at),
  agents = ARRAY(SELECT DISTINCT unnest(sessions.agents || excluded.agents) ORDER BY 1),
  last_message_seq = greatest(sessions.last_message_seq, excluded.last_message_seq),
  ${bySeq('last_message_seq', 'last_message_text')}, ${bySeq('last_message_seq', 'last_message_role')},
  ${bySeq('last_message_seq', 'last_message_author_id')},
  ${bySeq('last_message_seq', 'last_message_author_name')},
  ${bySeq('last_message_seq', 'last_message_at')},
  ${bySeq('rating_seq', 'rating_score')}, ${bySeq('rating_seq', 'rating_tag')},
  ${bySeq('rating_seq', 'rating_review')}, ${bySeq('rating_seq', 'rating_at')},
  rating_seq = greatest(sessions.rating_seq, excluded.rating_seq)
WHERE NOT sessions.deleted`;
}
