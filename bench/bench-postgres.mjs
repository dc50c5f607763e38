// A PostgreSQL database of a bench's own on BENCH_POSTGRES (default
// postgres://postgres@127.0.0.1:5432, trust auth on these machines), created and dropped.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const POSTGRES = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';

/** Runs the statements one after the other on a connection of their own to `url`. */
async function runOn(url, ...statements) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL database of the bench's own; `drop` removes it. */
export async function benchDatabase() {
  const name = `parley_bench_${randomUUID().replaceAll('-', '')}`;
  const server = `${POSTGRES}/postgres`;
  await runOn(server, `CREATE DATABASE ${name}`);
  const url = `${POSTGRES}/${name}`;
  return {
    url,
    drop: () => runOn(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    /** Vacuums and checkpoints now, rather than in the background of the next run. */
    settle: () => runOn(url, 'VACUUM (ANALYZE)', 'CHECKPOINT'),
  };
}
