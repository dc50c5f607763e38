import { type Kysely, sql } from 'kysely';

/**
 * The first schema of the records store (issue 12). A migration is history: it spells its table
 * and column names out rather than reading `records-database.ts`, so a later rename there cannot
 * change what this one did. The `Kysely<any>` is Kysely's own signature for migrations, for the
 * same reason.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  // Trigrams make a visitor's name or email findable by any part of it ("lovel", "@acme.com").
  // pg_trgm ships with PostgreSQL (contrib) and with PGlite (`@electric-sql/pglite/contrib`); it is a
  // trusted extension, so a database owner may create it without being a superuser. When it already
  // exists in another schema (a managed database's `extensions`), its operator class is named there.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  const found = await sql<{ schema: string }>`
    SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm'`.execute(db);
  const trgmSchema = found.rows[0]?.schema;
  if (trgmSchema === undefined) throw new Error('pg_trgm was not created');

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handler_kind', 'text')
    .addColumn('handler_id', 'text')
    .addColumn('queue', 'text')
    .addColumn('team', 'text')
    .addColumn('agents', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_seq', 'integer')
    .addColumn('last_message_text', 'text')
    .addColumn('last_message_role', 'text')
    .addColumn('last_message_author_id', 'text')
    .addColumn('last_message_author_name', 'text')
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('rating_score', 'smallint')
    .addColumn('rating_tag', 'text')
    .addColumn('rating_review', 'text')
    .addColumn('rating_seq', 'integer')
    .addColumn('rating_at', 'timestamptz')
    .addColumn('visitor_context', 'jsonb')
    .addColumn('direction', 'text', (c) =>
      c.notNull().defaultTo('inbound').check(sql`direction IN ('inbound', 'outbound')`),
    )
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('correlation_id', 'text')
    .execute();
  // A visitor's sessions newest first (history, export, erasure, and "has this visitor any left").
  await db.schema
    .createIndex('sessions_visitor')
    .on('sessions')
    .columns(['site_key', 'visitor_id', 'created_at desc', 'id desc'])
    .execute();
  // Date ranges per site (search without words, reports), and retention's "closed before".
  await db.schema
    .createIndex('sessions_site_updated')
    .on('sessions')
    .columns(['site_key', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('sessions_site_closed')
    .on('sessions')
    .columns(['site_key', 'closed_at'])
    .where(sql.ref('closed_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('sessions_site_status')
    .on('sessions')
    .columns(['site_key', 'status'])
    .execute();
  await db.schema.createIndex('sessions_site_queue').on('sessions').columns(['site_key', 'queue']).execute();
  await db.schema
    .createIndex('sessions_site_rating')
    .on('sessions')
    .columns(['site_key', 'rating_score'])
    .where(sql.ref('rating_score'), 'is not', null)
    .execute();
  // "Handled by this agent": agents @> ARRAY[id].
  await db.schema.createIndex('sessions_agents').on('sessions').using('gin').column('agents').execute();

  await db.schema
    .createTable('events')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text')
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('client_id', 'text')
    .addColumn('text', 'text')
    .addColumn('payload', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('text_config', 'text')
    .addColumn('text_vector', sql`tsvector`)
    .addPrimaryKeyConstraint('events_pkey', ['session_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_text').on('events').using('gin').column('text_vector').execute();
  await db.schema.createIndex('events_at').on('events').column('at').execute();

  await db.schema
    .createTable('visitors')
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('prechat', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('erased_at', 'timestamptz')
    .addColumn('contact_text', 'text', (c) =>
      c.notNull().generatedAlwaysAs(sql`lower(coalesce(name, '') || ' ' || coalesce(email, ''))`).stored(),
    )
    .addPrimaryKeyConstraint('visitors_pkey', ['site_key', 'visitor_id'])
    .execute();
  await sql`CREATE INDEX visitors_contact ON visitors USING gin (contact_text ${sql.id(trgmSchema)}.gin_trgm_ops)`.execute(
    db,
  );

  await db.schema
    .createTable('offline_messages')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('fields', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('offline_messages_pkey', ['session_id', 'seq'])
    .execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('site_key', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema
    .createIndex('audit_entries_at')
    .on('audit_entries')
    .columns(['at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('audit_entries_site_at')
    .on('audit_entries')
    .columns(['site_key', 'at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('search_configs')
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_configs_pkey', ['site_key', 'config'])
    .execute();
}
