import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_POSTGRES } from '../../test/postgres.js';
import { createPostgresRecords, type PostgresRecordsOptions } from './postgres-records.js';
import { describeRecords } from './records-contract.js';
import type { RecordsStore } from './records-store.js';

/**
 * The PostgreSQL server these tests use (`test/postgres.ts`: trust auth on this machine and in
 * CI). Each run of the file creates a database of its own and drops it after; each test gets a
 * schema in it.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let url = '';

let admin: Kysely<unknown>;
beforeAll(async () => {
  database = await createTestDatabase('test');
  url = database.url;
  admin = new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
  // In public, so dropping a test's schema never drops the extension other schemas use.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(admin);
}, 60_000);
afterAll(async () => {
  await admin?.destroy();
  await database?.drop();
}, 60_000);

/** A store in a schema of its own; `cleanup` closes every store over it and drops the schema. */
async function schemaFixture(options: Omit<PostgresRecordsOptions, 'url' | 'onError'>) {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const errors: Error[] = [];
  const stores: RecordsStore[] = [];
  const open = async () => {
    const store = await createPostgresRecords({
      ...options,
      url,
      schema,
      onError: (err) => errors.push(err),
    });
    stores.push(store);
    return store;
  };
  return {
    schema,
    open,
    async query<T>(text: string): Promise<T[]> {
      return admin.transaction().execute(async (tx) => {
        await sql`SET LOCAL search_path TO ${sql.id(schema)}, public`.execute(tx);
        return (await sql.raw<T>(text).execute(tx)).rows;
      });
    },
    async cleanup() {
      for (const store of stores) await store.close();
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin);
      expect(errors).toEqual([]);
    },
  };
}

describeRecords('postgres', async (options) => {
  const fixture = await schemaFixture(options);
  return {
    records: await fixture.open(),
    another: fixture.open,
    query: fixture.query,
    cleanup: fixture.cleanup,
  };
});

describe('PostgreSQL records specifics', { timeout: 60_000 }, () => {
  it('migrates once when several processes start at the same time', async () => {
    const fixture = await schemaFixture({});
    const stores = await Promise.all([fixture.open(), fixture.open(), fixture.open()]);
    for (const store of stores) await store.ready();
    expect(await fixture.query('SELECT name FROM kysely_migration ORDER BY name')).toEqual([
      { name: '0001-initial' },
      { name: '0002-webhooks' },
    ]);
    await fixture.cleanup();
  });

  it('says why when it cannot reach the database, and when ready fails', async () => {
    await expect(
      createPostgresRecords({ url: `${TEST_POSTGRES}/parley_no_such_database`, onError: () => {} }),
    ).rejects.toThrow(/parley_no_such_database/);
    const fixture = await schemaFixture({});
    const store = await fixture.open();
    await fixture.cleanup();
    await expect(store.ready()).rejects.toThrow();
  });

  it('refuses a schema name it would have to quote, and an unknown text search configuration', async () => {
    await expect(createPostgresRecords({ url, schema: 'Robert"); DROP', onError: () => {} })).rejects.toThrow(
      /schema name/,
    );
    const fixture = await schemaFixture({ textSearch: { sites: { shop: 'klingon' } } });
    await expect(fixture.open()).rejects.toThrow(/klingon/);
    await fixture.cleanup();
  });
});
