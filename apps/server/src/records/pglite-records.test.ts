import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionSummary } from '@parley/protocol';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDialect } from './pglite-dialect.js';
import { createPgliteRecords, openPglite } from './pglite-records.js';
import { describeRecords } from './records-contract.js';
import type { RecordsStore } from './records-store.js';

// One PGlite for the file (each takes seconds to start and a few hundred MB); every test gets a
// schema of its own in it, dropped after, like the Redis tests' key prefixes.
let pglite: Promise<PGlite>;
beforeAll(async () => {
  pglite = openPglite();
  // In public, so dropping a test's schema never drops the extension other schemas use.
  await (await pglite).exec('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
}, 120_000);
afterAll(async () => {
  await (await pglite).close();
});

describeRecords('pglite', async (options) => {
  const instance = await pglite;
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const stores: RecordsStore[] = [];
  const open = async () => {
    const store = await createPgliteRecords({ ...options, pglite: instance, schema });
    stores.push(store);
    return store;
  };
  const db = new Kysely<unknown>({ dialect: pgliteDialect(instance, schema) });
  return {
    records: await open(),
    another: open,
    query: async <T>(text: string) => (await sql.raw<T>(text).execute(db)).rows,
    async cleanup() {
      for (const store of stores) await store.close();
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    },
  };
});

describe('PGlite records on disk', { timeout: 120_000 }, () => {
  it('keeps what it wrote in its data dir across a close and a reopen, migrating once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-records-'));
    try {
      const at = Date.UTC(2026, 0, 1);
      const session: SessionSummary = {
        id: randomUUID(),
        siteKey: 'shop',
        visitorId: 'v1',
        status: 'bot',
        handler: { kind: 'bot', id: 'welcome' },
        lastSpeaker: 'visitor',
        lastSeq: 1,
        createdAt: at,
        updatedAt: at,
        visitor: { name: 'Ada' },
        data: {},
      };
      const event = {
        type: 'message' as const,
        sessionId: session.id,
        seq: 1,
        at,
        clientId: 'c-00000001',
        author: { role: 'visitor' as const, id: 'v1' },
        text: 'Where is my parcel?',
      };
      const first = await createPgliteRecords({ dataDir });
      await first.record(session, [event]);
      await first.close();

      const second = await createPgliteRecords({ dataDir });
      expect((await second.transcript(session.id))?.events).toEqual([event]);
      expect((await second.visitor('shop', 'v1'))?.name).toBe('Ada');
      expect((await second.search({ scope: { siteKeys: ['shop'] }, text: 'parcels' })).total).toBe(1);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
