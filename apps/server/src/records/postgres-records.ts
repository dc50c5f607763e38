import { createHash } from 'node:crypto';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { RecordsDatabase } from './records-database.js';
import type { RecordsStore } from './records-store.js';
import { openRecords, queryLog, type RecordsOptions, type RunPrepared, schemaName } from './sql-records.js';

export interface PostgresRecordsOptions extends RecordsOptions {
  /** `postgres://user:password@host:5432/database` (`DATABASE_URL`). */
  url: string;
  /** Connections in the pool; 10 unless given. */
  maxConnections?: number;
  /**
   * Errors of idle connections (the server restarted, the network dropped). The pool replaces
   * the connection by itself and queries meanwhile fail on their own; this is where they are
   * logged. An idle connection's error with nowhere to go would stop the process.
   */
  onError: (err: Error) => void;
}

/**
 * Connects to a PostgreSQL server (a pool through `pg`), migrates it to the latest schema and
 * returns the records store over it; `close()` ends the pool.
 * @example const records = await createPostgresRecords({ url: env.databaseUrl, onError: (err) => log.error(err) });
 */
export async function createPostgresRecords(options: PostgresRecordsOptions): Promise<RecordsStore> {
  const schema = schemaName(options);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // Every connection starts in Parley's schema (public stays reachable for extensions), and
    // without JIT: a search over a million messages crosses jit_above_cost, and compiling it
    // took longer (~200 ms) than running it (bench/records-search.mjs).
    options: `-c search_path=${schema},public -c jit=off`,
  });
  pool.on('error', options.onError);
  const db = new Kysely<RecordsDatabase>({ dialect: new PostgresDialect({ pool }), log: queryLog(options) });
  try {
    return await openRecords(db, options, async () => {}, preparedOn(pool, options));
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/**
 * Prepared statements over the pool: each named by its SQL's digest, so every connection parses
 * and analyses one the first time it runs it and reuses that after (the records writer's
 * statement, a few times a second per busy session, cost about a fifth less of the server's
 * CPU so). Reported to `onQuery` like the statements Kysely runs. Behind PgBouncer in
 * transaction mode this needs its `max_prepared_statements` (PgBouncer 1.21 or newer).
 */
function preparedOn(pool: pg.Pool, options: RecordsOptions): RunPrepared {
  const names = new Map<string, string>();
  return async (query: CompiledQuery) => {
    let name = names.get(query.sql);
    if (!name) {
      name = `parley_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`;
      names.set(query.sql, name);
    }
    const startedAt = performance.now();
    let failed = false;
    try {
      return await pool.query({ name, text: query.sql, values: [...query.parameters] });
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      options.onQuery?.({ sql: query.sql, ms: performance.now() - startedAt, failed });
    }
  };
}
