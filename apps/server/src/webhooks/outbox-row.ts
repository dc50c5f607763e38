import { sql } from 'kysely';

/** The columns every insert into the outbox fills (`record-sessions.ts`, `erase-from-webhooks.ts`). */
export const OUTBOX_COLUMNS = [
  'id',
  'endpoint_id',
  'session_id',
  'seq',
  'position',
  'event_type',
  'payload',
  'next_at',
  'created_at',
] as const;

/**
 * A new delivery's id, made by the database: `msg_` and 32 hex digits, as Standard Webhooks'
 * examples name messages. It is the `webhook-id` header of every attempt.
 */
export const newDeliveryId = () => sql<string>`'msg_' || replace(gen_random_uuid()::text, '-', '')`.as('id');
