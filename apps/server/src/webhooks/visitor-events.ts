import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { RecordsDatabase } from '../records/records-database.js';
import { json } from '../records/session-rows.js';
import { newDeliveryId, OUTBOX_COLUMNS } from './outbox-row.js';
import type { WebhookPayload } from './webhook-events.js';

/**
 * An event outside a session's log: about a visitor (`visitor.identified`, `visitor.erased`), or
 * about a session but not in its log (`session.labeled`, issue 15: then `sessionId` is set).
 */
export interface VisitorEvent {
  type: 'visitor.identified' | 'visitor.erased' | 'session.labeled';
  siteKey: string;
  visitorId: string;
  sessionId?: string;
  correlationId?: string | undefined;
  at: number;
  /** What `data` carries beyond the site and the visitor. */
  data: Record<string, unknown>;
}

/**
 * Puts a visitor event in the outbox of every enabled webhook of the site subscribed to it. Its
 * ordering key is its own (`visitor:<id>:<type>:<at>`), apart from any session's events; the same
 * event enqueued twice is one delivery.
 * @example await enqueueVisitorEvent(tx, { type: 'visitor.erased', siteKey, visitorId, at, data: { sessions: 2 } });
 */
export async function enqueueVisitorEvent(db: Kysely<RecordsDatabase>, event: VisitorEvent): Promise<void> {
  const at = new Date(event.at);
  // Two label changes of a session in one millisecond are two events: a random part keeps them apart.
  const key = event.sessionId
    ? `session:${event.sessionId}:${event.type}:${event.at}:${randomUUID().slice(0, 8)}`
    : `visitor:${event.visitorId}:${event.type}:${event.at}`;
  const payload: WebhookPayload = {
    type: event.type,
    id: `evt_${key.replaceAll(':', '_')}`,
    timestamp: at.toISOString(),
    data: {
      siteKey: event.siteKey,
      sessionId: event.sessionId ?? null,
      seq: null,
      correlationId: event.correlationId ?? null,
      visitorId: event.visitorId,
      ...event.data,
    },
  };
  await db
    .insertInto('webhook_deliveries')
    .columns(OUTBOX_COLUMNS)
    .expression(
      db
        .selectFrom('webhook_endpoints as ep')
        .select([
          newDeliveryId(),
          'ep.id as endpoint_id',
          sql.val(key).as('session_id'),
          sql.lit(0).as('seq'),
          sql.lit(0).as('position'),
          sql.val(event.type).as('event_type'),
          sql`${json(payload)}::jsonb`.as('payload'),
          sql.val(at).as('next_at'),
          sql<Date>`now()`.as('created_at'),
        ])
        .where('ep.kind', '=', 'webhook')
        .where('ep.site_key', '=', event.siteKey)
        .where('ep.enabled', '=', true)
        .where(sql<boolean>`${event.type} = ANY(ep.events)`),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'session_id', 'seq', 'event_type']).doNothing())
    .execute();
}
