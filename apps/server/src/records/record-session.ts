import type { FeedbackEvent, MessageEvent, SessionEvent, SessionSummary } from '@parley/protocol';
import { type Kysely, sql, type Updateable } from 'kysely';
import { newDeliveryId, OUTBOX_COLUMNS } from '../webhooks/outbox-row.js';
import { outboxEntries } from '../webhooks/webhook-events.js';
import type { OutboxAudience } from '../webhooks/webhook-store.js';
import type { RecordsDatabase, SessionsTable } from './records-database.js';
import { json } from './session-rows.js';

/** One event as `jsonb_to_recordset` reads it (see `recordSession`). */
interface EventInput {
  seq: number;
  type: string;
  author_role: string | null;
  author_id: string | null;
  author_name: string | null;
  client_id: string | null;
  text: string | null;
  payload: Record<string, unknown>;
  /** ISO 8601, so the recordset reads it as timestamptz without losing a millisecond. */
  at: string;
  text_config: string | null;
}

/** One outbox entry as `jsonb_to_recordset` reads it (`OutboxEntry`). */
interface OutboxInput {
  seq: number;
  position: number;
  type: string;
  audience: string;
  bot: string | null;
  inherit: boolean;
  payload: Record<string, unknown>;
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

function eventInput(event: SessionEvent, textConfig: string): EventInput {
  const author = event.type === 'session.changed' ? event.by : event.author;
  return {
    seq: event.seq,
    type: event.type,
    author_role: author?.role ?? null,
    author_id: author?.id ?? null,
    author_name: author?.name ?? null,
    client_id: event.type === 'session.changed' ? null : event.clientId,
    text: event.type === 'message' ? event.text : null,
    payload: event as unknown as Record<string, unknown>,
    at: new Date(event.at).toISOString(),
    text_config: event.type === 'message' ? textConfig : null,
  };
}

const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));

/**
 * The one statement that records a session and a batch of its events (`RecordsStore.record`):
 * data-modifying CTEs upsert the visitor, insert the events (ON CONFLICT DO NOTHING on the
 * primary key (session_id, seq)), and from the events actually inserted the offline messages and
 * the site's search configuration; the main statement upserts the session. One round trip,
 * however many events.
 *
 * Every CTE sees the tables as they were before the statement, so "is this session erased" reads
 * the same everywhere, and each column merges so that any order of calls ends the same: the
 * summary's fields are taken when the summary is at least as new as the row's (`updated_at`),
 * the last message and rating when their seq is higher, the agents as a union, the close time
 * from the close event once seen.
 */
export function recordSession(
  db: Kysely<RecordsDatabase>,
  session: SessionSummary,
  events: readonly SessionEvent[],
  textConfig: string,
  audience: OutboxAudience,
) {
  for (const event of events) {
    if (event.sessionId !== session.id) {
      throw new Error(`Event ${event.seq} of session ${event.sessionId} recorded with session ${session.id}`);
    }
  }
  const derived = derive(session, events);
  const { visitor } = session;
  const context = Object.fromEntries(
    (['page', 'title', 'referrer', 'locale'] as const).flatMap((key) =>
      visitor[key] === undefined ? [] : [[key, visitor[key]]],
    ),
  );
  const closedAt = derived.closedAt ?? (session.status === 'closed' ? session.updatedAt : undefined);
  const { lastMessage, feedback } = derived;

  // An erased session (a shell) takes nothing more: not its events, not its visitor's data.
  const notErased = sql<boolean>`NOT EXISTS (${db
    .selectFrom('sessions')
    .select(sql.lit(1).as('one'))
    .where('sessions.id', '=', session.id)
    .where('sessions.deleted', '=', true)})`;

  // Only what an enabled endpoint may take: none at all, and the outbox costs nothing.
  const siteTypes = audience.sites.get(session.siteKey);
  const outbox =
    siteTypes || audience.bots
      ? outboxEntries(session, events).filter((entry) =>
          entry.audience === 'site' ? siteTypes?.has(entry.type) === true : audience.bots,
        )
      : [];
  const firstSeq = events.length === 0 ? 0 : Math.min(...events.map((e) => e.seq));
  // The bot the session had before this batch: the handler of its latest recorded change.
  const priorBot = sql<string | null>`SELECT CASE WHEN p.payload -> 'handler' ->> 'kind' = 'bot'
      THEN p.payload -> 'handler' ->> 'id' END
    FROM events p WHERE p.session_id = ${session.id} AND p.type = 'session.changed'
      AND p.payload -> 'handler' IS NOT NULL AND p.seq < ${firstSeq}
    ORDER BY p.seq DESC LIMIT 1`;

  const newer = sql<boolean>`excluded.updated_at >= sessions.updated_at`;
  const fromSummary = <C extends keyof SessionsTable>(column: C) =>
    sql<
      Updateable<SessionsTable>[C]
    >`CASE WHEN ${newer} THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`sessions.${column}`)} END`;
  const bySeq = <C extends keyof SessionsTable>(seqColumn: keyof SessionsTable, column: C) =>
    sql<
      Updateable<SessionsTable>[C]
    >`CASE WHEN coalesce(${sql.ref(`excluded.${seqColumn}`)}, 0) > coalesce(${sql.ref(`sessions.${seqColumn}`)}, 0)
      THEN ${sql.ref(`excluded.${column}`)} ELSE ${sql.ref(`sessions.${column}`)} END`;
  const visitorNewer = sql<boolean>`excluded.last_seen_at >= visitors.last_seen_at`;

  return (
    db
      .with('visitor_upsert', (qc) =>
        qc
          .insertInto('visitors')
          .values({
            site_key: session.siteKey,
            visitor_id: session.visitorId,
            name: visitor.name ?? null,
            email: visitor.email ?? null,
            attributes: json(visitor.attributes ?? {}),
            prechat: json(visitor.prechat ?? {}),
            first_seen_at: new Date(session.createdAt),
            last_seen_at: new Date(session.updatedAt),
          })
          .onConflict((oc) =>
            oc
              .columns(['site_key', 'visitor_id'])
              .doUpdateSet({
                // The newer summary's name and email, unless it has none; the newer one's
                // attributes win key by key; the newer non-empty pre-chat answers.
                name: sql`CASE WHEN ${visitorNewer} THEN coalesce(excluded.name, visitors.name)
                ELSE coalesce(visitors.name, excluded.name) END`,
                email: sql`CASE WHEN ${visitorNewer} THEN coalesce(excluded.email, visitors.email)
                ELSE coalesce(visitors.email, excluded.email) END`,
                attributes: sql`CASE WHEN ${visitorNewer} THEN visitors.attributes || excluded.attributes
                ELSE excluded.attributes || visitors.attributes END`,
                prechat: sql`CASE WHEN ${visitorNewer} AND excluded.prechat <> '{}'::jsonb
                OR visitors.prechat = '{}'::jsonb THEN excluded.prechat ELSE visitors.prechat END`,
                first_seen_at: sql`least(visitors.first_seen_at, excluded.first_seen_at)`,
                last_seen_at: sql`greatest(visitors.last_seen_at, excluded.last_seen_at)`,
              })
              .where(notErased),
          ),
      )
      .with('inserted', (qc) =>
        qc
          .insertInto('events')
          .columns([
            'session_id',
            'seq',
            'type',
            'author_role',
            'author_id',
            'author_name',
            'client_id',
            'text',
            'payload',
            'at',
            'text_config',
            'text_vector',
          ])
          .expression(
            qc
              .selectFrom(
                sql<EventInput>`jsonb_to_recordset(${json(events.map((e) => eventInput(e, textConfig)))}::jsonb)`.as<'x'>(
                  sql`x(seq integer, type text, author_role text, author_id text, author_name text,
                  client_id text, text text, payload jsonb, at timestamptz, text_config text)`,
                ),
              )
              .select([
                sql.val(session.id).as('session_id'),
                'x.seq',
                'x.type',
                'x.author_role',
                'x.author_id',
                'x.author_name',
                'x.client_id',
                'x.text',
                'x.payload',
                'x.at',
                'x.text_config',
                sql`CASE WHEN x.text IS NULL THEN NULL ELSE to_tsvector(x.text_config::regconfig, x.text) END`.as(
                  'text_vector',
                ),
              ])
              .where(notErased),
          )
          .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing())
          .returning(['events.seq', 'events.type', 'events.payload', 'events.at', 'events.text_config']),
      )
      // The webhooks' and HTTP bots' outbox (issue 13), from the events inserted here and now: in
      // the same statement, so a writer killed at any moment neither loses nor doubles a delivery.
      .with('outbox', (qc) =>
        qc
          .insertInto('webhook_deliveries')
          .columns(OUTBOX_COLUMNS)
          .expression(
            qc
              .selectFrom(
                sql<OutboxInput>`jsonb_to_recordset(${json(outbox)}::jsonb)`.as<'o'>(
                  sql`o(seq integer, position smallint, type text, audience text, bot text, inherit boolean, payload jsonb)`,
                ),
              )
              .innerJoin('inserted', 'inserted.seq', 'o.seq')
              .innerJoin('webhook_endpoints as ep', (join) =>
                join.on(sql<boolean>`ep.enabled AND (
              (o.audience = 'site' AND ep.kind = 'webhook' AND ep.site_key = ${session.siteKey}
                AND o.type = ANY(ep.events))
              OR (o.audience = 'bot' AND ep.kind = 'bot'
                AND ep.bot_id = CASE WHEN o.inherit THEN (${priorBot}) ELSE o.bot END))`),
              )
              .select([
                newDeliveryId(),
                'ep.id as endpoint_id',
                sql.val(session.id).as('session_id'),
                'o.seq',
                'o.position',
                'o.type',
                'o.payload',
                // Due from the event's own time: whatever clock the dispatcher reads, it is due.
                'inserted.at as next_at',
                sql<Date>`now()`.as('created_at'),
              ]),
          )
          .onConflict((oc) => oc.columns(['endpoint_id', 'session_id', 'seq', 'event_type']).doNothing()),
      )
      .with('offline', (qc) =>
        qc
          .insertInto('offline_messages')
          .columns(['session_id', 'seq', 'fields', 'at'])
          .expression(
            qc
              .selectFrom('inserted')
              .select([
                sql.val(session.id).as('session_id'),
                'inserted.seq',
                sql<string>`inserted.payload -> 'fields'`.as('fields'),
                'inserted.at',
              ])
              .where('inserted.type', '=', 'form'),
          )
          .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing()),
      )
      .with('configs', (qc) =>
        qc
          .insertInto('search_configs')
          .columns(['site_key', 'config'])
          .expression(
            qc
              .selectFrom('inserted')
              .select([
                sql.val(session.siteKey).as('site_key'),
                sql<string>`inserted.text_config`.as('config'),
              ])
              .where('inserted.text_config', 'is not', null)
              .distinct(),
          )
          .onConflict((oc) => oc.columns(['site_key', 'config']).doNothing()),
      )
      .insertInto('sessions')
      .values({
        id: session.id,
        site_key: session.siteKey,
        visitor_id: session.visitorId,
        status: session.status,
        handler_kind: session.handler?.kind ?? null,
        handler_id: session.handler?.id ?? null,
        queue: session.routing?.queue ?? null,
        team: session.routing?.team ?? null,
        agents: derived.agents,
        created_at: new Date(session.createdAt),
        updated_at: new Date(session.updatedAt),
        closed_at: date(closedAt),
        last_seq: Math.max(session.lastSeq, ...events.map((e) => e.seq)),
        last_message_seq: lastMessage?.seq ?? null,
        last_message_text: lastMessage?.text ?? null,
        last_message_role: lastMessage?.author.role ?? null,
        last_message_author_id: lastMessage?.author.id ?? null,
        last_message_author_name: lastMessage?.author.name ?? null,
        last_message_at: date(lastMessage?.at),
        rating_score: feedback?.feedback.score ?? null,
        rating_tag: feedback?.feedback.tag ?? null,
        rating_review: feedback?.feedback.review ?? null,
        rating_seq: feedback?.seq ?? null,
        rating_at: date(feedback?.at),
        visitor_context: json(context),
        correlation_id: session.correlationId ?? null,
      })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({
            visitor_id: fromSummary('visitor_id'),
            status: fromSummary('status'),
            handler_kind: fromSummary('handler_kind'),
            handler_id: fromSummary('handler_id'),
            queue: fromSummary('queue'),
            team: fromSummary('team'),
            visitor_context: fromSummary('visitor_context'),
            // Set when the session opened and never changed: the first one recorded stays.
            correlation_id: sql`coalesce(sessions.correlation_id, excluded.correlation_id)`,
            updated_at: sql`greatest(sessions.updated_at, excluded.updated_at)`,
            last_seq: sql`greatest(sessions.last_seq, excluded.last_seq)`,
            // The close event's time once seen; until then, the summary's when it says closed.
            closed_at: sql`coalesce(${date(derived.closedAt)}::timestamptz, sessions.closed_at, excluded.closed_at)`,
            agents: sql`ARRAY(SELECT DISTINCT unnest(sessions.agents || excluded.agents) ORDER BY 1)`,
            last_message_seq: sql`greatest(sessions.last_message_seq, excluded.last_message_seq)`,
            last_message_text: bySeq('last_message_seq', 'last_message_text'),
            last_message_role: bySeq('last_message_seq', 'last_message_role'),
            last_message_author_id: bySeq('last_message_seq', 'last_message_author_id'),
            last_message_author_name: bySeq('last_message_seq', 'last_message_author_name'),
            last_message_at: bySeq('last_message_seq', 'last_message_at'),
            rating_score: bySeq('rating_seq', 'rating_score'),
            rating_tag: bySeq('rating_seq', 'rating_tag'),
            rating_review: bySeq('rating_seq', 'rating_review'),
            rating_at: bySeq('rating_seq', 'rating_at'),
            rating_seq: sql`greatest(sessions.rating_seq, excluded.rating_seq)`,
          })
          .where('sessions.deleted', '=', false),
      )
  );
}
