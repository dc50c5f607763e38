import type { FeedbackEvent } from '@parley/protocol';
import { type CompiledQuery, type Kysely, type KyselyConfig, type LogEvent, Migrator, sql } from 'kysely';
import { createWebhookStore } from '../webhooks/webhook-store.js';
import { createSqlApiKeys } from './api-key-store.js';
import { appendAudit, listAudit } from './audit-log.js';
import { eraseVisitor } from './erase-visitor.js';
import { migrationProvider } from './migrations/migrations.js';
import { markMonitored, monitored } from './monitored-sessions.js';
import { listOfflineMessages } from './offline-list.js';
import { decodeCursor, encodeCursor, pageLimit } from './page-cursor.js';
import { recordSessions, type SessionBatch } from './record-sessions.js';
import type { RecordsDatabase } from './records-database.js';
import type { RecordsStore, VisitorExport } from './records-store.js';
import { reportFigures } from './report-queries.js';
import { searchSessions } from './search-sessions.js';
import { toSessionEvent, toSessionRecord, toVisitorProfile } from './session-rows.js';
import { inScope } from './session-scope.js';

export interface RecordsOptions {
  /**
   * The PostgreSQL schema that holds Parley's tables, created when missing; `public` unless
   * given. Lowercase letters, digits and `_`. Tests give each test a schema of its own.
   */
  schema?: string;
  /**
   * The text search configuration (`english`, `french`, `simple`... see `\dF` in psql) that
   * stems each site's messages; `default` (itself `english` unless given) for sites not named.
   * Each message keeps the one it was indexed with, so changing a site's later is safe.
   */
  textSearch?: { default?: string; sites?: Readonly<Record<string, string>> };
  /**
   * Called after every statement with its SQL (placeholders, never values) and duration: for
   * logging slow queries, and for tests that count round trips.
   */
  onQuery?: (query: { sql: string; ms: number; failed: boolean }) => void;
}

/** Kysely's `log` option for `onQuery`. */
export function queryLog(options: RecordsOptions): KyselyConfig['log'] {
  const { onQuery } = options;
  if (!onQuery) return undefined;
  return (event: LogEvent) =>
    onQuery({ sql: event.query.sql, ms: event.queryDurationMillis, failed: event.level === 'error' });
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema to use, checked: it is spliced into `search_path`, so only a plain name will do. */
export function schemaName(options: RecordsOptions): string {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name for the records: ${schema}`);
  return schema;
}

/** Sessions deleted per statement by `deleteClosedBefore`. */
const RETENTION_BATCH = 1000;

/**
 * Migrates the database to the latest schema (Kysely's Migrator: versioned, each applied once,
 * under a lock so concurrent starts apply each migration once), then returns the `RecordsStore`
 * over it. Both factories (`createPgliteRecords`, `createPostgresRecords`) end here; `db` must
 * already point at the schema (its connections' `search_path`).
 */
/**
 * Runs a compiled statement as a prepared one, which the database parses and analyses once per
 * connection (`postgres-records.ts`); without it, statements run through Kysely as they are.
 */
export type RunPrepared = (query: CompiledQuery) => Promise<unknown>;

export async function openRecords(
  db: Kysely<RecordsDatabase>,
  options: RecordsOptions,
  release: () => Promise<void>,
  runPrepared?: RunPrepared,
): Promise<RecordsStore> {
  const schema = schemaName(options);
  // Under a lock: two processes starting at once would otherwise race to create the schema
  // (IF NOT EXISTS does not stop a concurrent CREATE). The Migrator takes its own lock after.
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`parley.records.${schema}`}))`.execute(tx);
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(tx);
  });
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error('The records database could not be migrated', { cause: error });

  const textSearch = {
    default: options.textSearch?.default ?? 'english',
    sites: options.textSearch?.sites ?? {},
  };
  const configs = new Set([textSearch.default, ...Object.values(textSearch.sites)]);
  const known = await db
    .selectNoFrom(sql<string[]>`ARRAY(SELECT cfgname::text FROM pg_ts_config)`.as('names'))
    .executeTakeFirstOrThrow();
  for (const config of configs) {
    if (!known.names.includes(config)) throw new Error(`Unknown text search configuration: ${config}`);
  }
  const configOf = (siteKey: string) => textSearch.sites[siteKey] ?? textSearch.default;

  const visitor = async (siteKey: string, visitorId: string) => {
    const row = await db
      .selectFrom('visitors')
      .selectAll()
      .where('site_key', '=', siteKey)
      .where('visitor_id', '=', visitorId)
      .executeTakeFirst();
    return row ? toVisitorProfile(row) : null;
  };

  const webhooks = createWebhookStore(db);
  const recordBatch = async (batch: readonly SessionBatch[]) => {
    if (batch.length === 0) return;
    const statement = recordSessions(batch, configOf, await webhooks.audience()).compile(db);
    // The writer's one statement, every round: prepared where the database allows, it is not
    // parsed and analysed anew each time (its text is the same for any batch).
    if (runPrepared) await runPrepared(statement);
    else await db.executeQuery(statement);
    if (batch.some((entry) => entry.events.length > 0)) webhooks.recorded();
  };
  return {
    record(session, events) {
      return recordBatch([{ session, events }]);
    },

    recordBatch,

    webhooks,

    async visitorHistory(query) {
      const limit = pageLimit(query.limit, 20, 100);
      const before = query.before === undefined ? undefined : decodeCursor(query.before);
      const rows = await db
        .selectFrom('sessions as s')
        .selectAll('s')
        .where('s.site_key', '=', query.siteKey)
        .where('s.visitor_id', '=', query.visitorId)
        .where('s.deleted', '=', false)
        .$if(query.scope !== undefined, (qb) => qb.where(inScope(query.scope ?? { siteKeys: [] })))
        .$if(before !== undefined, (qb) =>
          qb.where(({ eb, refTuple, tuple }) =>
            eb(refTuple('s.created_at', 's.id'), '<', tuple(new Date(before?.at ?? 0), before?.id ?? '')),
          ),
        )
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit + 1)
        .execute();
      const sessions = rows.slice(0, limit).map(toSessionRecord);
      const last = sessions.at(-1);
      return { sessions, next: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    visitor,

    async transcript(sessionId, options = {}) {
      const row = await db
        .selectFrom('sessions as s')
        .selectAll('s')
        .where('s.id', '=', sessionId)
        .$if(options.scope !== undefined, (qb) => qb.where(inScope(options.scope ?? { siteKeys: [] })))
        .executeTakeFirst();
      if (!row) return null;
      const events = await db
        .selectFrom('events')
        .select('payload')
        .where('session_id', '=', sessionId)
        .where('seq', '>', options.after ?? 0)
        .where('payload', 'is not', null)
        .orderBy('seq')
        .$if(options.limit !== undefined, (qb) => qb.limit(Math.max(1, options.limit ?? 1)))
        .execute();
      return { session: toSessionRecord(row), events: events.flatMap((e) => toSessionEvent(e) ?? []) };
    },

    search: (query) => searchSessions(db, query),
    offlineMessages: (query) => listOfflineMessages(db, query),

    async exportVisitor(siteKey, visitorId, now) {
      const profile = await visitor(siteKey, visitorId);
      const sessionRows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('site_key', '=', siteKey)
        .where('visitor_id', '=', visitorId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const ids = sessionRows.map((row) => row.id);
      const [eventRows, offlineRows] =
        ids.length === 0
          ? [[], []]
          : await Promise.all([
              db
                .selectFrom('events')
                .select(['session_id', 'payload'])
                .where('session_id', 'in', ids)
                .where('payload', 'is not', null)
                .orderBy('session_id')
                .orderBy('seq')
                .execute(),
              db
                .selectFrom('offline_messages')
                .selectAll()
                .where('session_id', 'in', ids)
                .orderBy('session_id')
                .orderBy('seq')
                .execute(),
            ]);
      const sessions: VisitorExport['sessions'] = sessionRows.map((row) => {
        const events = eventRows.flatMap((e) => (e.session_id === row.id ? (toSessionEvent(e) ?? []) : []));
        return {
          session: toSessionRecord(row),
          events,
          feedback: events
            .filter((e): e is FeedbackEvent => e.type === 'feedback')
            .map((e) => ({ ...e.feedback, seq: e.seq, at: e.at })),
          offlineMessages: offlineRows
            .filter((o) => o.session_id === row.id)
            .map((o) => ({
              sessionId: o.session_id,
              seq: o.seq,
              fields: o.fields ?? {},
              at: o.at.getTime(),
            })),
        };
      });
      return { exportedAt: now, siteKey, visitorId, visitor: profile, sessions };
    },

    eraseVisitor: (input) => eraseVisitor(db, input),

    async appendNote(note) {
      await db
        .insertInto('session_notes')
        .values({
          session_id: note.sessionId,
          n: note.n,
          at: new Date(note.at),
          author_id: note.author.id,
          author_name: note.author.name ?? null,
          text: note.text,
        })
        .onConflict((oc) => oc.columns(['session_id', 'n']).doNothing())
        .execute();
    },

    async sessionNotes(sessionId) {
      const rows = await db
        .selectFrom('session_notes')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('n')
        .execute();
      return rows.map((row) => ({
        sessionId: row.session_id,
        n: row.n,
        at: row.at.getTime(),
        author: {
          role: 'agent' as const,
          id: row.author_id,
          ...(row.author_name ? { name: row.author_name } : {}),
        },
        text: row.text,
      }));
    },

    async closeLeftOpen(at) {
      const closed = await db
        .updateTable('sessions')
        .set({
          status: 'closed',
          closed_at: new Date(at),
          updated_at: sql<Date>`greatest(updated_at, ${new Date(at)}::timestamptz)`,
        })
        .where('status', '<>', 'closed')
        .executeTakeFirst();
      return Number(closed.numUpdatedRows);
    },

    async deleteClosedBefore({ siteKey, closedBefore }) {
      let sessions = 0;
      let visitors = 0;
      for (;;) {
        const batch = await db.transaction().execute(async (tx) => {
          const gone = await tx
            .deleteFrom('sessions')
            .where(
              'id',
              'in',
              tx
                .selectFrom('sessions')
                .select('id')
                .where('site_key', '=', siteKey)
                .where('closed_at', '<', new Date(closedBefore))
                .limit(RETENTION_BATCH),
            )
            .returning(['id', 'visitor_id'])
            .execute();
          if (gone.length === 0) return { sessions: 0, visitors: 0 };
          // Their events, monitored flags and notes (issue 15) have no foreign key to them (notes
          // may come before their session's first record; events went without one for the
          // writer's sake, migration 0007), so they go here, in the same transaction.
          for (const table of ['events', 'monitored_sessions', 'session_notes'] as const) {
            await tx
              .deleteFrom(table)
              .where(
                'session_id',
                'in',
                gone.map((row) => row.id),
              )
              .execute();
          }
          // Offline messages go with their session (ON DELETE CASCADE). Only these sessions'
          // visitors can have just lost their last one.
          const emptied = await tx
            .deleteFrom('visitors')
            .where('site_key', '=', siteKey)
            .where('visitor_id', 'in', [...new Set(gone.map((row) => row.visitor_id))])
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('sessions as s')
                    .select(sql.lit(1).as('one'))
                    .whereRef('s.site_key', '=', 'visitors.site_key')
                    .whereRef('s.visitor_id', '=', 'visitors.visitor_id'),
                ),
              ),
            )
            .executeTakeFirst();
          return { sessions: gone.length, visitors: Number(emptied.numDeletedRows) };
        });
        sessions += batch.sessions;
        visitors += batch.visitors;
        if (batch.sessions < RETENTION_BATCH) return { sessions, visitors };
      }
    },

    apiKeys: createSqlApiKeys(db),
    appendAudit: (entry) => appendAudit(db, entry),
    listAudit: (query) => listAudit(db, query),
    report: (filter) => reportFigures(db, filter),
    markMonitored: (input) => markMonitored(db, input),
    monitored: (sessionId) => monitored(db, sessionId),

    async ready() {
      await sql`SELECT 1`.execute(db);
    },

    async close() {
      await db.destroy();
      await release();
    },
  };
}
