/**
 * The records writer as DESIGN.md promises it (issue 12): a consumer of the session log that a
 * process killed at any moment never makes lose or double an event. The built server (Redis
 * store, records in a PostgreSQL database of the test's own) is SIGKILLed twice while visitors
 * write; once it is back and the writer has caught up, the records hold exactly the live log of
 * every session: no event missing, none twice.
 */
import { randomUUID } from 'node:crypto';
import type { SessionEvent } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/postgres.js';
import { type RunningProcess, runNode, serverPorts, waitUntilUp } from '../../test/processes.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, type VisitorClient } from '../../test/visitor.js';
import { writeKillConfig, writeThroughKills } from '../../test/write-through-kills.js';
import { createPostgresRecords } from '../records/postgres-records.js';
import { createRedisStore } from '../store/redis-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the records writer killed -9 mid-stream', { timeout: 120_000 }, () => {
  let redis: TestRedis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningProcess | undefined;
  const prefix = `kill-${randomUUID()}:`;

  beforeAll(async () => {
    redis = await startRedis();
    database = await createTestDatabase('kill');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
    await database?.drop();
  }, 60_000);

  it('loses no event and writes none twice', async () => {
    const { url, origin, ports } = await serverPorts();
    const env = {
      ...ports,
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      DATABASE_URL: database.url,
      PARLEY_CONFIG: await writeKillConfig(origin),
      LOG_LEVEL: 'error',
    };
    const start = async () => {
      server = runNode('apps/server/dist/index.js', env);
      await waitUntilUp(`${url}/readyz`, server);
    };
    await start();

    const visitors: VisitorClient[] = [];
    for (let v = 0; v < 4; v++) {
      const { socket } = await connectVisitor(url, { origin });
      await socket.timeout(5000).emitWithAck('visitor.identify', { userId: `kill-${v}` });
      visitors.push(socket);
    }
    const sessions = await writeThroughKills({
      sockets: visitors,
      messages: 25,
      clientId: (v, m) => `kill-${v}-${m}-${prefix}`,
      pauseMs: 15,
      kills: 2,
      killEveryMs: 600,
      async killAndRestart() {
        server?.child.kill('SIGKILL');
        await sleep(300);
        await start();
      },
    });
    for (const socket of visitors) socket.close();

    const live = await createRedisStore({ url: redis.url, prefix, onError: () => {} });
    const records = await createPostgresRecords({ url: env.DATABASE_URL, onError: () => {} });
    try {
      const liveLog = async (id: string) => live.eventsSince(id, 0, 1000);
      const recorded = async (id: string) => (await records.transcript(id, { limit: 1000 }))?.events ?? [];
      const strip = (events: SessionEvent[]) => events.map((e) => `${e.seq}:${e.type}`);
      await expect
        .poll(
          async () => {
            const lagging = [];
            for (const id of sessions) {
              if (strip(await recorded(id)).join() !== strip(await liveLog(id)).join()) lagging.push(id);
            }
            return lagging;
          },
          { timeout: 30_000 },
        )
        .toEqual([]);
      let total = 0;
      for (const id of sessions) {
        const events = await recorded(id);
        total += events.filter((e) => e.type === 'message' && e.author.role === 'visitor').length;
        expect(events).toEqual(await liveLog(id));
        expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
      }
      expect(total).toBe(100);
    } finally {
      await live.close();
      await records.close();
    }
  });
});
