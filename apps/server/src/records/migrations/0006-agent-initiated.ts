import { type Kysely, sql } from 'kysely';

/**
 * Agent-initiated conversations (issue 15, item 5): a session's direction may also be
 * `agent-initiated` (an agent started it); `outbound` now means a bot or the REST API did. The
 * column's check (named by PostgreSQL after the table and column) is replaced; no row changes.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions DROP CONSTRAINT sessions_direction_check`.execute(db);
  await sql`ALTER TABLE sessions ADD CONSTRAINT sessions_direction_check
    CHECK (direction IN ('inbound', 'outbound', 'agent-initiated'))`.execute(db);
}
