import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { RecordsDatabase } from './records-database.js';
import type { RecordsStore } from './records-store.js';
import { openRecords, queryLog, type RecordsOptions, schemaName } from './sql-records.js';

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
    return await openRecords(db, options, async () => {});
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
