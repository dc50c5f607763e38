/**
 * What a visitor costs in Redis (issue 11), over a real server, a real Socket.IO client and a
 * private redis-server: nothing for a visitor who only connects, and, once they chat, keys that
 * expire with the site's retention rather than live on.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, syncAll } from '../../test/visitor.js';
import { redisKeys } from '../store/redis-keys.js';
import { createRedisStore } from '../store/redis-store.js';

const DAY = 24 * 60 * 60 * 1000;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('what a visitor stores in Redis', () => {
  let parley: RunningParley;
  let prefix: string;

  const start = async (retentionDays: number) => {
    prefix = `test-${randomUUID()}:`;
    const store = await createRedisStore({ url: redis.url, prefix });
    parley = await startParley({
      store,
      config: (base) => ({ ...base, sites: base.sites.map((site) => ({ ...site, retentionDays })) }),
    });
  };
  afterEach(async () => {
    await parley.close();
    await parley.store.close();
  });

  /** Every key under the test's prefix, with its PTTL. */
  const stored = async (): Promise<Record<string, number>> => {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const found: Record<string, number> = {};
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) {
        for (const key of batch) found[key] = await client.pTTL(key);
      }
      return found;
    } finally {
      await client.close();
    }
  };

  it('stores nothing for a visitor who connects, comes back with their token and syncs', async () => {
    await start(30);
    // The only key there is, and stays: the secret the tokens are signed with.
    const secretOnly = { [redisKeys(prefix).tokenSecret]: -1 };
    const before = await stored();
    const first = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    first.socket.close();
    expect(await stored()).toEqual(before);
    const again = await connectVisitor(parley.url, { origin: parley.demoOrigin, token: first.token });
    expect(again.visitorId).toBe(first.visitorId);
    expect(await syncAll(again.socket)).toEqual([]);
    again.socket.close();
    expect(await stored()).toEqual(before);
    expect(before).toEqual(secretOnly);
  });

  it("keeps a chatting visitor's keys while the chat is open, then for the site's retention", async () => {
    await start(2);
    const visitor = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const sent = await visitor.socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'hello-00001', text: 'hi' });
    if (!sent.ok) throw new Error(sent.error.message);
    const keys = redisKeys(prefix);
    const visitorSessions = keys.visitorSessions(visitor.visitorId);
    expect((await stored())[visitorSessions]).toBe(-1);

    const closed = await visitor.socket
      .timeout(5000)
      .emitWithAck('session.close', { sessionId: sent.sessionId });
    expect(closed).toMatchObject({ ok: true });
    visitor.socket.close();
    // Every key left but the secret (and the idle index, shared by all sessions) expires within
    // the site's two days: the session's, and the visitor's list of sessions.
    const left = await stored();
    const expiring = Object.entries(left).filter(([key]) => key !== keys.tokenSecret && key !== keys.idle);
    expect(expiring.map(([key]) => key)).toContain(visitorSessions);
    for (const [, ttl] of expiring) {
      expect(ttl).toBeGreaterThan(2 * DAY - 60_000);
      expect(ttl).toBeLessThanOrEqual(2 * DAY);
    }
  });
});
