// A PostgreSQL database of a bench's own on BENCH_POSTGRES (default
// postgres://postgres@127.0.0.1:5432, trust auth on these machines), created and dropped.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const POSTGRES = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';

/** A PostgreSQL database of the bench's own; `drop` removes it. */
export async function benchDatabase() {
  const name = `parley_bench_${randomUUID().replaceAll('-', '')}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = `${POSTGRES}/${name}`;
  return {
    url,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    /** Vacuums and checkpoints now, rather than in the background of the next run. */
    async settle() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('VACUUM (ANALYZE)');
        await client.query('CHECKPOINT');
      } finally {
        await client.end();
      }
    },
  };
}
