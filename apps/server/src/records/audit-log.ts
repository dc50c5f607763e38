import { type Kysely, sql } from 'kysely';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import type { RecordsDatabase } from './records-database.js';
import type { AuditActor, AuditEntry, AuditPage, AuditQuery, NewAuditEntry } from './records-store.js';
import { json } from './session-rows.js';

/** Appends an entry (`RecordsStore.appendAudit`); `db` may be a transaction. */
export async function appendAudit(db: Kysely<RecordsDatabase>, entry: NewAuditEntry): Promise<AuditEntry> {
  const { id } = await db
    .insertInto('audit_entries')
    .values({
      at: new Date(entry.at),
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id,
      action: entry.action,
      target_kind: entry.target?.kind ?? null,
      target_id: entry.target?.id ?? null,
      site_key: entry.siteKey ?? null,
      details: json(entry.details ?? {}),
    })
    // bigint: pg hands it back as a string, PGlite as a number; as text it is the same.
    .returning(sql<string>`id::text`.as('id'))
    .executeTakeFirstOrThrow();
  return { id, ...entry, details: entry.details ?? {} };
}

/** Entries newest first, a page at a time (`RecordsStore.listAudit`). */
export async function listAudit(db: Kysely<RecordsDatabase>, query: AuditQuery = {}): Promise<AuditPage> {
  const limit = pageLimit(query.limit, 50, 500);
  const before = query.before === undefined ? undefined : decodeCursor(query.before);
  const rows = await db
    .selectFrom('audit_entries')
    .select([
      sql<string>`id::text`.as('id'),
      'at',
      'actor_kind',
      'actor_id',
      'action',
      'target_kind',
      'target_id',
      'site_key',
      'details',
    ])
    .$if(query.siteKey !== undefined, (qb) => qb.where('site_key', '=', query.siteKey ?? ''))
    .$if(query.actor !== undefined, (qb) =>
      qb.where('actor_kind', '=', query.actor?.kind ?? '').where('actor_id', '=', query.actor?.id ?? ''),
    )
    .$if(query.action !== undefined, (qb) => qb.where('action', '=', query.action ?? ''))
    .$if(query.from !== undefined, (qb) => qb.where('at', '>=', new Date(query.from ?? 0)))
    .$if(query.to !== undefined, (qb) => qb.where('at', '<', new Date(query.to ?? 0)))
    .$if(before !== undefined, (qb) =>
      qb.where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('at', 'id'),
          '<',
          tuple(new Date(before?.at ?? 0), sql<string>`${before?.id ?? '0'}::bigint`),
        ),
      ),
    )
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const entries: AuditEntry[] = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at.getTime(),
    actor: { kind: row.actor_kind as AuditActor['kind'], id: row.actor_id },
    action: row.action,
    ...(row.target_kind !== null && row.target_id !== null
      ? { target: { kind: row.target_kind, id: row.target_id } }
      : {}),
    ...(row.site_key !== null ? { siteKey: row.site_key } : {}),
    details: row.details,
  }));
  const last = entries.at(-1);
  return { entries, next: rows.length > limit && last ? encodeCursor(last.at, last.id) : null };
}
