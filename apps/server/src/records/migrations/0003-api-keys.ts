import { type Kysely, sql } from 'kysely';

/**
 * API keys for the REST API (issue 13): one row per key, its secret kept only as a SHA-256 hash.
 * Like every migration, it spells its names out (see `0001-initial.ts`).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope IN ('read', 'write', 'admin')`))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  // A site's keys, newest first (the list an admin reads).
  await db.schema
    .createIndex('api_keys_site')
    .on('api_keys')
    .columns(['site_key', 'created_at desc'])
    .execute();
}
