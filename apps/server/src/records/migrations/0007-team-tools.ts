import { type Kysely, sql } from 'kysely';

/**
 * Team tools (issue 15): a session's labels (sorted, lower case; empty when none), with a GIN
 * index for the search's label filter; and what became of an offline message (assigned to an
 * agent, done). Numbered 0007: 0004-0006 belong to changes made alongside (issue 15's other parts).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('labels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.createIndex('sessions_labels').on('sessions').using('gin').column('labels').execute();
  await db.schema
    .alterTable('offline_messages')
    .addColumn('assignee', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .execute();
}
