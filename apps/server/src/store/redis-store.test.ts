import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { createRedisStore } from './redis-store.js';
import type { SessionStore } from './session-store.js';
import { describeStore, type StoreFixture } from './store-contract.js';

// One redis-server for the file; `describeStore` builds fixtures in its own beforeEach, so the
// url is reached through this promise rather than a variable set in beforeAll.
let redis: Promise<TestRedis>;
beforeAll(async () => {
  redis = startRedis();
  await redis;
});
afterAll(async () => {
  await (await redis).stop();
});

async function connect() {
  const client = createClient({ url: (await redis).url });
  await client.connect();
  return client;
}

/** Runs `use` with a plain client on the test Redis, then disconnects it. */
async function withClient<T>(use: (client: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  return withClient(async (client) => {
    const found: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) found.push(...batch);
    return found;
  });
}

/** A store under its own random prefix; cleanup closes every instance and deletes the prefix's keys. */
async function createFixture(): Promise<StoreFixture & { prefix: string }> {
  const { url } = await redis;
  const prefix = `test-${randomUUID()}:`;
  const errors: Error[] = [];
  const stores: SessionStore[] = [];
  const open = async () => {
    const store = await createRedisStore({ url, prefix, onError: (err) => errors.push(err) });
    stores.push(store);
    return store;
  };
  return {
    prefix,
    store: await open(),
    another: open,
    async cleanup() {
      await Promise.all(stores.map((store) => store.close()));
      const keys = await keysUnder(prefix);
      if (keys.length > 0) await withClient((client) => client.del(keys));
      expect(errors).toEqual([]);
    },
  };
}

describeStore('redis', createFixture);

describe('Redis store specifics', () => {
  const openInput = (now: number) => ({
    sessionId: randomUUID(),
    siteKey: 'site',
    visitorId: `v-${randomUUID()}`,
    visitor: { name: 'Ada' },
    status: 'bot' as const,
    handler: { kind: 'bot' as const, id: 'welcome' },
    reason: 'entry',
    idleTimeoutMs: 60_000,
    retentionMs: 60_000,
    now,
  });

  it('appends a message in exactly one round trip', async () => {
    const fixture = await createFixture();
    const { session } = await fixture.store.openSession(openInput(Date.now()));
    await withClient(async (marker) => {
      const monitor = await connect();
      const lines: string[] = [];
      const end = `end-${randomUUID()}`;
      let sawEnd = () => {};
      const ended = new Promise<void>((resolve) => {
        sawEnd = resolve;
      });
      // Resolves once MONITOR is on; Redis runs one command at a time, so every command of the
      // append is logged before the end marker sent after it.
      await monitor.monitor((line) => {
        lines.push(line);
        if (line.includes(end)) sawEnd();
      });
      await sayHello(fixture.store, session.id);
      await marker.echo(end);
      await ended;
      monitor.destroy();
      // Commands that Lua runs show as `[0 lua]`; everything else went over a connection.
      const sent = lines.filter((line) => !line.includes(' lua]') && !/"echo"/i.test(line));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/"evalsha"/i);
    });
    await fixture.cleanup();
  });

  it('lets a closed session expire: its keys carry a TTL, an open one has none', async () => {
    const fixture = await createFixture();
    const { session } = await fixture.store.openSession(openInput(Date.now()));
    await sayHello(fixture.store, session.id);
    const sessionKeys = (await keysUnder(fixture.prefix)).filter((key) => key.includes(session.id));
    expect(sessionKeys).toHaveLength(3);
    const ttls = () => withClient((client) => Promise.all(sessionKeys.map((key) => client.pTTL(key))));
    expect(await ttls()).toEqual([-1, -1, -1]);
    await fixture.store.changeStatus({
      sessionId: session.id,
      to: 'closed',
      reason: 'visitor',
      now: Date.now(),
    });
    for (const ttl of await ttls()) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    await fixture.cleanup();
  });

  it('writes only keys under its prefix', async () => {
    const fixture = await createFixture();
    const before = await withClient((client) => client.dbSize());
    const { store } = fixture;
    const visitor = await store.createVisitor('site', Date.now());
    await store.findVisitor('site', visitor.token);
    const { session } = await store.openSession({ ...openInput(Date.now()), visitorId: visitor.visitorId });
    await store.appendMessage({
      sessionId: session.id,
      clientId: `c-${randomUUID()}`,
      author: { role: 'visitor', id: 'v' },
      text: 'hello',
      now: Date.now(),
    });
    await store.changeStatus({
      sessionId: session.id,
      to: 'queued',
      reason: 'route',
      handler: { kind: 'queue', id: 'q' },
      now: Date.now(),
    });
    await store.visitorSessions(visitor.visitorId, 10);
    const ours = await keysUnder(fixture.prefix);
    // visitor, visitor-sessions, visitor-open, session, log, clients, handler set, idle
    expect(ours).toHaveLength(8);
    expect(await withClient((client) => client.dbSize())).toBe(before + ours.length);
    await fixture.cleanup();
    expect(await keysUnder(fixture.prefix)).toEqual([]);
  });
});

describe('Redis store readiness', () => {
  it('is not ready while Redis is stalled or down, and is again once it is back', {
    timeout: 30_000,
  }, async () => {
    const own = await startRedis();
    const store = await createRedisStore({
      url: own.url,
      prefix: `test-${randomUUID()}:`,
      onError: () => {},
    });
    try {
      expect(await store.ready()).toBe(true);
      own.pause();
      expect(await store.ready()).toBe(false);
      own.resume();
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(true);
      await own.stop();
      expect(await store.ready()).toBe(false);
      await own.start();
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(true);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});

/** One visitor message, the write these tests inspect. */
function sayHello(store: SessionStore, sessionId: string) {
  return store.appendMessage({
    sessionId,
    clientId: `c-${randomUUID()}`,
    author: { role: 'visitor', id: 'v' },
    text: 'hello',
    now: Date.now(),
  });
}
