import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import { pgliteDialect } from './pglite-dialect.js';
import type { RecordsDatabase } from './records-database.js';
import type { RecordsStore } from './records-store.js';
import { openRecords, queryLog, type RecordsOptions, schemaName } from './sql-records.js';

export interface PgliteRecordsOptions extends RecordsOptions {
  /** Where PGlite keeps its files (created when missing); undefined: in memory, gone on close. */
  dataDir?: string;
  /**
   * A PGlite the caller opened (with the `pg_trgm` extension) and closes: `dataDir` is then
   * ignored, and `close()` leaves it open. Several stores may share one, each in its own schema.
   */
  pglite?: PGlite;
}

/**
 * Opens the embedded records store: PostgreSQL in WebAssembly (PGlite) in this process, its files
 * under `dataDir`, migrated to the latest schema. One process at a time may open a data dir.
 * @example const records = await createPgliteRecords({ dataDir: join(env.dataDir, 'records') });
 */
export async function createPgliteRecords(options: PgliteRecordsOptions = {}): Promise<RecordsStore> {
  const schema = schemaName(options);
  const own = options.pglite === undefined;
  const pglite = options.pglite ?? (await openPglite(options.dataDir));
  const db = new Kysely<RecordsDatabase>({ dialect: pgliteDialect(pglite, schema), log: queryLog(options) });
  const release = async () => {
    if (own) await pglite.close();
  };
  try {
    return await openRecords(db, options, release);
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * A PGlite with what the records need (the `pg_trgm` extension), in memory or over `dataDir`.
 * @example const pglite = await openPglite(); // in memory, for tests sharing one instance
 */
export function openPglite(dataDir?: string): Promise<PGlite> {
  return PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions: { pg_trgm } });
}
