import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { redisKeys } from './redis-keys.js';
import { createRedisStore } from './redis-store.js';
import type { SessionStore } from './session-store.js';
import { CONSUMER, describeStore, type StoreFixture } from './store-contract.js';
import { hashToken } from './visitor-token.js';

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
    const store = await createRedisStore({
      url,
      prefix,
      onError: (err) => errors.push(err),
      consumers: [CONSUMER],
    });
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
    const before = await withClient((client) => client.dbSize());
    const fixture = await createFixture();
    const { store } = fixture;
    const visitor = await store.createVisitor('site');
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
    // token-secret, visitor-sessions, visitor-open, session, log, clients, handler set, idle, the
    // bot's backlog (the session left the bot, which has not handled that yet) and the records
    // writer's pending set
    expect(ours).toHaveLength(10);
    expect(await withClient((client) => client.dbSize())).toBe(before + ours.length);
    await fixture.cleanup();
    expect(await keysUnder(fixture.prefix)).toEqual([]);
  });
});

describe('Redis store: what a visitor costs, and for how long (issue 11)', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const pTTLs = (keys: string[]) => withClient((client) => Promise.all(keys.map((key) => client.pTTL(key))));
  const open = (store: SessionStore, visitorId: string, retentionMs: number) =>
    store.openSession({
      sessionId: randomUUID(),
      siteKey: 'site',
      visitorId,
      visitor: {},
      status: 'bot',
      handler: { kind: 'bot', id: 'welcome' },
      reason: 'entry',
      idleTimeoutMs: 60_000,
      retentionMs,
      now: Date.now(),
    });
  const close = (store: SessionStore, sessionId: string) =>
    store.changeStatus({ sessionId, to: 'closed', reason: 'visitor', now: Date.now() });

  it('stores nothing for a visitor who only gets and shows a token', async () => {
    const fixture = await createFixture();
    const visitor = await fixture.store.createVisitor('site');
    expect(await fixture.store.findVisitor('site', visitor.token)).toEqual({ visitorId: visitor.visitorId });
    expect(await fixture.store.visitorSessions(visitor.visitorId, 10)).toEqual([]);
    expect(await keysUnder(fixture.prefix)).toEqual([redisKeys(fixture.prefix).tokenSecret]);
    await fixture.cleanup();
  });

  it("gives a visitor's data no TTL while a session is open, the retention after the newest closed, and renews it on no read", async () => {
    const fixture = await createFixture();
    const { store } = fixture;
    const keys = redisKeys(fixture.prefix);
    const anonymous = await store.createVisitor('site');
    const user = await store.identifyVisitor({
      siteKey: 'site',
      userId: 'u-1',
      retentionMs: DAY,
      now: Date.now(),
    });
    const userKeys = [
      keys.userVisitor(hashToken(JSON.stringify(['site', 'u-1']))),
      keys.visitorUser(user.visitorId),
    ];
    // Identified but never chatted: the site's retention from now.
    for (const ttl of await pTTLs(userKeys)) expect(ttl).toBeGreaterThan(DAY - 60_000);
    for (const ttl of await pTTLs(userKeys)) expect(ttl).toBeLessThanOrEqual(DAY);

    const visitorKeys = [
      keys.visitorSessions(anonymous.visitorId),
      keys.visitorSessions(user.visitorId),
      ...userKeys,
    ];
    const earlier = await open(store, anonymous.visitorId, 60_000);
    await close(store, earlier.session.id);
    const sessions = [
      await open(store, anonymous.visitorId, 60_000),
      await open(store, user.visitorId, 60_000),
    ];
    expect(await pTTLs(visitorKeys)).toEqual([-1, -1, -1, -1]);

    for (const { session } of sessions) await close(store, session.id);
    const closed = await pTTLs(visitorKeys);
    for (const ttl of closed) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    // A reconnect (its token found), a sync and a second identify renew nothing.
    await store.findVisitor('site', anonymous.token);
    await store.findVisitor('site', user.token);
    await store.visitorSessions(anonymous.visitorId, 10);
    await store.identifyVisitor({ siteKey: 'site', userId: 'u-1', retentionMs: DAY, now: Date.now() });
    const after = await pTTLs(visitorKeys);
    for (const [i, ttl] of after.entries()) expect(ttl).toBeLessThanOrEqual(closed[i] as number);
    await fixture.cleanup();
  });

  it('lets the data of a visitor who signed in mid-chat expire, and keeps the user’s while the chat is open', async () => {
    const fixture = await createFixture();
    const { store } = fixture;
    const keys = redisKeys(fixture.prefix);
    const anonymous = await store.createVisitor('site');
    const earlier = await open(store, anonymous.visitorId, 60_000);
    await close(store, earlier.session.id);
    const chat = await open(store, anonymous.visitorId, 60_000);
    const user = await store.identifyVisitor({
      siteKey: 'site',
      userId: 'u-2',
      retentionMs: DAY,
      now: Date.now(),
    });
    expect(await store.moveOpenSession(anonymous.visitorId, user.visitorId, Date.now())).toMatchObject({
      id: chat.session.id,
    });
    const userKeys = [
      keys.visitorSessions(user.visitorId),
      keys.userVisitor(hashToken(JSON.stringify(['site', 'u-2']))),
      keys.visitorUser(user.visitorId),
    ];
    const [left] = await pTTLs([keys.visitorSessions(anonymous.visitorId)]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(60_000);
    expect(await pTTLs(userKeys)).toEqual([-1, -1, -1]);
    await close(store, chat.session.id);
    for (const ttl of await pTTLs(userKeys)) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    await fixture.cleanup();
  });

  it('keeps accepting its tokens after Redis restarts empty, as does a process started since', async () => {
    const own = await startRedis();
    const prefix = `test-${randomUUID()}:`;
    // Errors while Redis restarts are expected here.
    const first = await createRedisStore({ url: own.url, prefix, onError: () => {} });
    const visitor = await first.createVisitor('site');
    await own.restart();
    const client = createClient({ url: own.url });
    await client.connect();
    // Until the first store has reconnected and put its secret back.
    while ((await client.get(redisKeys(prefix).tokenSecret)) === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await createRedisStore({ url: own.url, prefix, onError: () => {} });
    expect(await second.findVisitor('site', visitor.token)).toEqual({ visitorId: visitor.visitorId });
    expect(await first.findVisitor('site', (await second.createVisitor('site')).token)).not.toBeNull();
    await Promise.all([first.close(), second.close(), client.close()]);
    await own.stop();
  });
});

/** Runs `test` with a redis-server of its own (to stop and start) and a store over it. */
async function withOwnRedis(test: (own: TestRedis, store: SessionStore) => Promise<void>) {
  const own = await startRedis();
  const store = await createRedisStore({ url: own.url, prefix: `test-${randomUUID()}:`, onError: () => {} });
  try {
    await test(own, store);
  } finally {
    await store.close();
    await own.stop();
  }
}

describe('Redis store readiness', () => {
  it('is not ready while Redis is stalled or down, and is again once it is back', { timeout: 30_000 }, () =>
    withOwnRedis(async (own, store) => {
      expect(await store.ready()).toBe(true);
      own.pause();
      expect(await store.ready()).toBe(false);
      own.resume();
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(true);
      await own.stop();
      expect(await store.ready()).toBe(false);
      await own.start();
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(true);
    }),
  );
});

describe('Redis store while Redis is away (issue 16)', () => {
  // Before, a call made while Redis was down waited in node-redis's queue (with a 5 s timer of its
  // own) and ran whenever Redis came back, long after its caller (the guard's deadline) gave up.
  it('fails a call at once rather than queue it to run when Redis is back', { timeout: 30_000 }, () =>
    withOwnRedis(async (own, store) => {
      const sessionId = randomUUID();
      await own.stop();
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(false);
      const meanwhile = sayHello(store, sessionId).then(
        () => 'ran',
        () => 'failed',
      );
      await own.start();
      expect(await meanwhile).toBe('failed');
      await expect.poll(() => store.ready(), { timeout: 10_000 }).toBe(true);
      // Nothing of it reached the Redis that came back.
      expect(await store.getSession(sessionId)).toBeNull();
      expect(await store.eventsSince(sessionId, 0, 10)).toEqual([]);
    }),
  );
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
