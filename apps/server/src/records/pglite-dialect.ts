import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect over PGlite (PostgreSQL in WebAssembly): PostgreSQL's adapter, compiler and
 * introspector, with a small driver of our own. Why our own: the maintained dialect package
 * (`kysely-pglite-dialect`) accepts PGlite up to 0.4 only, and `kysely-pglite` brings a CLI and
 * code generator (oclif, chokidar, kysely-codegen) into the server's dependencies; the driver is a
 * few dozen lines.
 *
 * PGlite is one database session. So a connection is the whole instance, held from acquire to
 * release, and queued behind a mutex shared by every dialect on the same instance (a Kysely
 * transaction is BEGIN ... COMMIT on that one session: nothing else may run in between). With a
 * `schema`, each acquire points the session's `search_path` at it when the last holder left it
 * elsewhere, so stores in different schemas can share one instance (the tests do).
 */
export function pgliteDialect(pglite: PGlite, schema?: string): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(pglite, schema),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Per PGlite instance: who holds its session, and which search_path the last holder set. */
interface InstanceState {
  tail: Promise<void>;
  searchPath: string | undefined;
}
const instances = new WeakMap<PGlite, InstanceState>();

class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection;
  readonly #state: InstanceState;
  #release: (() => void) | undefined;

  constructor(
    private readonly pglite: PGlite,
    private readonly schema: string | undefined,
  ) {
    this.#connection = new PgliteConnection(pglite);
    const state = instances.get(pglite) ?? { tail: Promise.resolve(), searchPath: undefined };
    instances.set(pglite, state);
    this.#state = state;
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#state.tail;
    let release = () => {};
    this.#state.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    const searchPath = this.schema === undefined ? undefined : `"${this.schema}", public`;
    if (searchPath !== undefined && this.#state.searchPath !== searchPath) {
      await this.pglite.exec(`SET search_path TO ${searchPath}`);
      this.#state.searchPath = searchPath;
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'));
  }

  async commitTransaction(): Promise<void> {
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement aborted the transaction.
    const result = await this.pglite.query('COMMIT');
    if (result.command === 'ROLLBACK')
      throw new Error('The transaction was rolled back: a statement in it failed');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  /** The instance belongs to whoever opened it (`createPgliteRecords` closes its own). */
  async destroy(): Promise<void> {}
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    const changes = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command ?? '');
    return {
      rows: result.rows,
      ...(changes ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported, and says so
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The PGlite dialect does not stream query results');
  }
}
