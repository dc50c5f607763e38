import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { RecordsDatabase } from '../records/records-database.js';
import type { EraseVisitorInput } from '../records/records-store.js';
import { enqueueVisitorEvent } from './visitor-events.js';

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
  await enqueueVisitorEvent(tx, {
    type: 'visitor.erased',
    siteKey: input.siteKey,
    visitorId: input.visitorId,
    at: input.at,
    data: { sessions },
  });
}
