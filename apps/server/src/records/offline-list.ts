import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import type { RecordsDatabase } from './records-database.js';
import type { OfflineQuery, OfflineRecordPage } from './records-store.js';
import { toSessionRecord } from './session-rows.js';
import { inScope } from './session-scope.js';

/**
 * Offline messages within a scope, newest first, a page at a time
 * (`RecordsStore.offlineMessages`); erased ones are left out.
 */
export async function listOfflineMessages(
  db: Kysely<RecordsDatabase>,
  query: OfflineQuery,
): Promise<OfflineRecordPage> {
  const limit = pageLimit(query.limit, 20, 100);
  const before = query.before === undefined ? undefined : decodeCursor(query.before);
  const rows = await db
    .selectFrom('offline_messages as o')
    .innerJoin('sessions as s', 's.id', 'o.session_id')
    .selectAll('s')
    .select(['o.seq as offline_seq', 'o.fields as offline_fields', 'o.at as offline_at'])
    .where(inScope(query.scope))
    .where('o.fields', 'is not', null)
    .$if(before !== undefined, (qb) =>
      qb.where(({ eb, refTuple, tuple }) =>
        eb(refTuple('o.at', 'o.session_id'), '<', tuple(new Date(before?.at ?? 0), before?.id ?? '')),
      ),
    )
    .orderBy('o.at', 'desc')
    .orderBy('o.session_id', 'desc')
    .limit(limit + 1)
    .execute();
  const messages = rows.slice(0, limit).map(({ offline_seq, offline_fields, offline_at, ...session }) => ({
    sessionId: session.id,
    seq: offline_seq,
    fields: offline_fields ?? {},
    at: offline_at.getTime(),
    session: toSessionRecord(session),
  }));
  const last = messages.at(-1);
  return { messages, next: rows.length > limit && last ? encodeCursor(last.at, last.sessionId) : null };
}
