import { type Kysely, sql } from 'kysely';

/**
 * Team tools (issue 15): a session's labels (sorted, lower case; empty when none), with a GIN
 * index for the search's label filter; and what became of its offline message (`offline`: the
 * agent assigned, when it was done and by whom; null when nobody touched it). Numbered 0007:
 * 0004-0006 belong to changes made alongside (issue 15's other parts).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('labels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.createIndex('sessions_labels').on('sessions').using('gin').column('labels').execute();
  await db.schema.alterTable('sessions').addColumn('offline', 'jsonb').execute();
}
