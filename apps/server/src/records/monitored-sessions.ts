import type { Kysely } from 'kysely';
import type { RecordsDatabase } from './records-database.js';

/** A session a supervisor monitored silently (issue 15). */
export interface MonitoredSession {
  sessionId: string;
  siteKey: string;
  /** When it was first monitored (ms since the epoch). */
  at: number;
  /** The supervisor who first monitored it. */
  by: string;
}

/** Flags a session as monitored; the first flag stays (`RecordsStore.markMonitored`). */
export async function markMonitored(db: Kysely<RecordsDatabase>, input: MonitoredSession): Promise<void> {
  await db
    .insertInto('monitored_sessions')
    .values({
      session_id: input.sessionId,
      site_key: input.siteKey,
      monitored_at: new Date(input.at),
      monitored_by: input.by,
    })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
}

/** The flag of a session, if it was ever monitored (`RecordsStore.monitored`). */
export async function monitored(
  db: Kysely<RecordsDatabase>,
  sessionId: string,
): Promise<MonitoredSession | null> {
  const row = await db
    .selectFrom('monitored_sessions')
    .select(['session_id', 'site_key', 'monitored_at', 'monitored_by'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row
    ? {
        sessionId: row.session_id,
        siteKey: row.site_key,
        at: row.monitored_at.getTime(),
        by: row.monitored_by,
      }
    : null;
}
