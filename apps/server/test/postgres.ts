import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use: trust auth on this machine and in CI. */
export const TEST_POSTGRES = process.env.PARLEY_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${TEST_POSTGRES}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database of the test's own on the local PostgreSQL server, for a server process's records
 * (`DATABASE_URL`); `drop` removes it, connections and all.
 * @example const database = await createTestDatabase('faults'); ...; await database.drop();
 */
export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_${label}_${randomUUID().replaceAll('-', '')}`;
  await onServer(`CREATE DATABASE ${name}`);
  return {
    url: `${TEST_POSTGRES}/${name}`,
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
