import { type Kysely, sql } from 'kysely';

/**
 * Team tools (issue 15): a session's labels (sorted, lower case; empty when none), with a GIN
 * index for the search's label filter; and what became of its offline message (`offline`: the
 * agent assigned, when it was done and by whom; null when nobody touched it); and private notes
 * (`session_notes`).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('labels', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.createIndex('sessions_labels').on('sessions').using('gin').column('labels').execute();
  await db.schema.alterTable('sessions').addColumn('offline', 'jsonb').execute();
  // Private notes, kept beside the events (never in them): written as they are made, possibly
  // before their session's first record, hence no foreign key; erasure and retention delete them.
  await db.schema
    .createTable('session_notes')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_notes_pkey', ['session_id', 'n'])
    .execute();
}
