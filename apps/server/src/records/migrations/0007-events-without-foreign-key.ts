import { type Kysely, sql } from 'kysely';

/**
 * The events' foreign key to their session goes (issue 12's throughput bound): PostgreSQL checked
 * it row by row, a lookup and a row lock on the session for every event the records writer
 * inserted: without it the writer's statement cost about a sixth less per event (measured on 6
 * December 2026: 26 to 22 µs of the PostgreSQL server's CPU, 50 to 42 in PGlite; the statement's
 * cost is what `bench/records-insert.mjs` prints). Nothing
 * needs it: the writer inserts a session's events in the statement that upserts the session, and
 * retention deletes the events with their sessions itself (`deleteClosedBefore`), where the
 * cascade did. No row changes.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE events DROP CONSTRAINT events_session_id_fkey`.execute(db);
}
