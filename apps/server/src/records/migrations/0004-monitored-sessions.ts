import type { Kysely } from 'kysely';

/**
 * Sessions a supervisor monitored silently (issue 15): reporting leaves them out of the agents'
 * figures. A table of its own, keyed by session, so the flag is kept whether or not the records
 * writer has written the session yet. Like every migration, it spells its names out.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitored_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('monitored_at', 'timestamptz', (c) => c.notNull())
    .addColumn('monitored_by', 'text', (c) => c.notNull())
    .execute();
}
