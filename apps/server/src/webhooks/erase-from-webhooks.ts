import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { RecordsDatabase } from '../records/records-database.js';
import type { EraseVisitorInput } from '../records/records-store.js';
import { json } from '../records/session-rows.js';
import { newDeliveryId, OUTBOX_COLUMNS } from './outbox-row.js';
import type { WebhookPayload } from './webhook-events.js';

/**
 * The webhooks' part of erasing a visitor (`eraseVisitor`, in its transaction): the outbox keeps
 * no content of their sessions (a delivery still to go carries only its envelope and
 * `erased: true`), and every webhook of the site subscribed to `visitor.erased` gets one.
 * @example await eraseFromWebhooks(tx, input, theirSessions, 3);
 */
export async function eraseFromWebhooks(
  tx: Kysely<RecordsDatabase>,
  input: EraseVisitorInput,
  // biome-ignore lint/suspicious/noExplicitAny: any select of session ids
  theirSessions: SelectQueryBuilder<RecordsDatabase, 'sessions', any>,
  sessions: number,
): Promise<void> {
  await tx
    .updateTable('webhook_deliveries')
    .set({
      payload: sql`jsonb_set(payload, '{data}', jsonb_build_object(
        'siteKey', payload -> 'data' -> 'siteKey', 'sessionId', payload -> 'data' -> 'sessionId',
        'seq', payload -> 'data' -> 'seq', 'correlationId', payload -> 'data' -> 'correlationId',
        'erased', true))`,
    })
    .where('session_id', 'in', theirSessions)
    .execute();
  const at = new Date(input.at);
  const payload: WebhookPayload = {
    type: 'visitor.erased',
    id: `evt_visitor_${input.visitorId}_erased_${input.at}`,
    timestamp: at.toISOString(),
    data: {
      siteKey: input.siteKey,
      sessionId: null,
      seq: null,
      correlationId: null,
      visitorId: input.visitorId,
      sessions,
    },
  };
  await tx
    .insertInto('webhook_deliveries')
    .columns(OUTBOX_COLUMNS)
    .expression(
      tx
        .selectFrom('webhook_endpoints as ep')
        .select([
          newDeliveryId(),
          'ep.id as endpoint_id',
          // Its own ordering key: one per erasure, apart from any session's events.
          sql.val(`visitor:${input.visitorId}:${input.at}`).as('session_id'),
          sql.lit(0).as('seq'),
          sql.lit(0).as('position'),
          sql.val('visitor.erased').as('event_type'),
          sql`${json(payload)}::jsonb`.as('payload'),
          sql.val(at).as('next_at'),
          sql<Date>`now()`.as('created_at'),
        ])
        .where('ep.kind', '=', 'webhook')
        .where('ep.site_key', '=', input.siteKey)
        .where('ep.enabled', '=', true)
        .where(sql<boolean>`'visitor.erased' = ANY(ep.events)`),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'session_id', 'seq', 'event_type']).doNothing())
    .execute();
}
