/**
 * Live events between server processes (issue 11 F): two servers in this test process, each
 * with its own Socket.IO Redis adapter on one private redis-server (the store they share is one
 * in-memory store, standing for the Redis store every process shares), a visitor on A with the
 * real client stack (delivery and live signals, as the widget wires them), a raw bot socket on B.
 */
import { createDelivery, createLiveSignals } from '@parley/client';
import type { BotClientEvents, BotServerEvents, SessionHeads } from '@parley/protocol';
import type pino from 'pino';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturedLogger } from '../../test/captured-logger.js';
import { demoBotToken, type RunningParley, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, next, type VisitorClient } from '../../test/visitor.js';
import { createLogger } from '../logger.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { SessionStore } from '../store/session-store.js';
import { within } from '../store/within.js';
import { createRedisAdapter, type RedisAdapter } from './redis-adapter.js';

type BotClient = Socket<BotServerEvents, BotClientEvents>;

/** The visitor's side as the widget wires it: delivery fed by live events, resumed on signals. */
function visitorClient(socket: VisitorClient) {
  const delivery = createDelivery({
    sync: (cursors) => socket.timeout(5000).emitWithAck('sync', { cursors }),
    send: (payload: { clientId: string; text: string; sessionId?: string }) =>
      socket.timeout(5000).emitWithAck('message.send', payload),
  });
  const signals = createLiveSignals({
    resume: () => void delivery.resume(),
    timeline: delivery.timeline,
    later: (ms, run) => setTimeout(run, ms),
  });
  socket.on('session.event', (event) => delivery.receive(event));
  socket.on('resync', signals.resync);
  socket.on('heads', signals.heads);
  socket.on('connect', () => void delivery.resume());
  return delivery;
}

const texts = (delivery: ReturnType<typeof visitorClient>, sessionId: string) =>
  delivery.timeline.events(sessionId).flatMap((e) => (e.type === 'message' ? [e.text] : []));

describe('live events between two server processes', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let store: SessionStore;
  const adapters: RedisAdapter[] = [];
  const servers: RunningParley[] = [];
  const sockets: Array<{ close(): unknown }> = [];

  beforeEach(async () => {
    redis = await startRedis();
    store = createMemoryStore();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const server of servers.splice(0)) await server.close();
    for (const adapter of adapters.splice(0)) await adapter.close();
    await redis.stop();
  });

  const startServer = async (
    options: {
      logger?: pino.Logger;
      commandTimeoutMs?: number;
      headsIntervalMs?: number;
      redisDown?: true;
    } = {},
  ) => {
    const logger = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'silent');
    const redisAdapter = await createRedisAdapter({
      url: redis.url,
      key: 'cross-process-test',
      logger,
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    });
    adapters.push(redisAdapter);
    if (options.redisDown) await redis.stop();
    const server = await startParley({
      store,
      redisAdapter,
      headsIntervalMs: options.headsIntervalMs ?? 100,
    });
    servers.push(server);
    return server;
  };

  const botOn = async (server: RunningParley): Promise<BotClient> => {
    const socket: BotClient = io(`${server.url}/bot`, {
      transports: ['websocket'],
      forceNew: true,
      auth: { token: demoBotToken },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };

  /** The bot's message to a session, acked. */
  const botSays = async (bot: BotClient, sessionId: string, clientId: string, text: string) => {
    const said = await bot.timeout(5000).emitWithAck('message.send', { sessionId, clientId, text });
    expect(said).toMatchObject({ ok: true });
    return said;
  };

  /** A visitor on `server` who has said hello: its session (with the demo's welcome bot). */
  const visitorOn = async (server: RunningParley) => {
    const { socket } = await connectVisitor(server.url, { origin: server.demoOrigin });
    sockets.push(socket);
    const delivery = visitorClient(socket);
    const sent = await delivery.send({ text: 'hello' });
    if (!sent.ok) throw new Error(`hello refused: ${sent.error.message}`);
    const sessionId = (sent.value as unknown as { sessionId: string }).sessionId;
    await expect.poll(() => texts(delivery, sessionId)).toEqual(['hello']);
    return { socket, delivery, sessionId };
  };

  it("delivers what B wrote while A's subscriber was away, once A is subscribed again (resync)", async () => {
    const a = await startServer();
    const bLog = capturedLogger();
    const bServer = await startServer({ logger: bLog.logger, commandTimeoutMs: 200 });
    const visitor = await visitorOn(a);
    const bot = await botOn(bServer);

    await redis.stop();
    await botSays(bot, visitor.sessionId, 'while-away-0001', 'said while Redis was away');
    // B's publish of it (and of its heads) failed for good: nothing will carry it to A by itself.
    await expect.poll(() => bLog.lines.some((line) => line.includes('adapter command failed'))).toBe(true);
    expect(texts(visitor.delivery, visitor.sessionId)).toEqual(['hello']);

    await redis.start();
    // No new traffic: A's subscriber comes back, A tells its clients to resync, the visitor resumes.
    await expect
      .poll(() => texts(visitor.delivery, visitor.sessionId), { timeout: 20_000 })
      .toEqual(['hello', 'said while Redis was away']);
  });

  it("tells the visitor's and the bot's rooms, on every process, the latest seq of what was written", async () => {
    const a = await startServer();
    const bServer = await startServer();
    const visitor = await visitorOn(a);
    const bot = await botOn(bServer);
    const heardByBot: SessionHeads[] = [];
    bot.on('heads', (payload) => heardByBot.push(payload));
    const heardByVisitor: SessionHeads[] = [];
    visitor.socket.on('heads', (payload) => heardByVisitor.push(payload));

    const said = await botSays(bot, visitor.sessionId, 'heads-test-0001', 'hi from B');
    if (!said.ok) throw new Error(said.error.message);
    const head = { heads: { [visitor.sessionId]: said.seq } };
    await expect.poll(() => heardByVisitor).toContainEqual(head);
    await expect.poll(() => heardByBot).toContainEqual(head);
  });

  it('publishes nothing while alone, and carries everything once a second process starts', async () => {
    const a = await startServer();
    const aAdapter = adapters[0];
    if (!aAdapter) throw new Error('A has an adapter');
    expect(aAdapter.alone()).toBe(true);
    const redisCli = createClient({ url: redis.url });
    await redisCli.connect();
    const publishes = async () => {
      const stats = await redisCli.info('commandstats');
      return Number(/cmdstat_publish:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    };
    try {
      const before = await publishes();
      const visitor = await visitorOn(a);
      expect(await publishes()).toBe(before);

      // B starts: A hears its hello and broadcasts again, and the bot on B answers the visitor on A.
      const bServer = await startServer();
      await expect.poll(() => aAdapter.alone()).toBe(false);
      const bot = await botOn(bServer);
      await botSays(bot, visitor.sessionId, 'not-alone-0001', 'from B, live');
      await expect.poll(() => texts(visitor.delivery, visitor.sessionId)).toEqual(['hello', 'from B, live']);
      expect(await publishes()).toBeGreaterThan(before);
    } finally {
      redisCli.destroy();
    }
  });

  it('carries an event to every audience on the other process in one PUBLISH', async () => {
    const a = await startServer();
    const bServer = await startServer();
    const visitor = await visitorOn(a);
    await expect.poll(() => adapters.every((adapter) => !adapter.alone())).toBe(true);
    const bot = await botOn(bServer);
    // Everything published under the servers' key, as it goes by.
    const watcher = createClient({ url: redis.url });
    await watcher.connect();
    const carrying: string[] = [];
    await watcher.pSubscribe('cross-process-test*', (message, channel) => {
      if (message.includes('carried once')) carrying.push(channel);
    });
    try {
      await botSays(bot, visitor.sessionId, 'carried-once-0001', 'carried once');
      await expect.poll(() => texts(visitor.delivery, visitor.sessionId)).toEqual(['hello', 'carried once']);
      // The visitor's tabs, the bot's other connections and the monitoring supervisors, all in
      // one message: the adapter would have published one per namespace.
      expect(carrying).toEqual(['cross-process-test#fanout']);
    } finally {
      await watcher.close();
    }
  });

  it('carries events live to a process whose server started while Redis was away', async () => {
    // No heads for a minute: what reaches the visitor comes live, or not at all.
    const a = await startServer({ redisDown: true, headsIntervalMs: 60_000 });
    await redis.start();
    await expect.poll(() => adapters[0]?.ready(), { timeout: 10_000 }).toBe(true);
    const bServer = await startServer({ headsIntervalMs: 60_000 });
    const visitor = await visitorOn(a);
    await expect.poll(() => adapters.every((adapter) => !adapter.alone()), { timeout: 10_000 }).toBe(true);
    const bot = await botOn(bServer);
    await botSays(bot, visitor.sessionId, 'after-outage-0001', 'live after the outage');
    await expect
      .poll(() => texts(visitor.delivery, visitor.sessionId), { timeout: 5_000 })
      .toEqual(['hello', 'live after the outage']);
  });

  it('counts a process that says no hello (an older version) from its adapter subscription', async () => {
    await startServer();
    const aAdapter = adapters[0];
    if (!aAdapter) throw new Error('A has an adapter');
    expect(aAdapter.alone()).toBe(true);
    // What an older process's adapter subscribes to (the main namespace's request channel), and
    // no peers channel.
    const older = createClient({ url: redis.url });
    await older.connect();
    await older.subscribe('cross-process-test-request#/#', () => {});
    try {
      await expect.poll(() => aAdapter.alone(), { timeout: 10_000 }).toBe(false);
    } finally {
      await older.close();
    }
    // Gone again: alone once it is counted out.
    await expect.poll(() => aAdapter.alone(), { timeout: 10_000 }).toBe(true);
  });

  it('makes a visitor who missed an event resume on heads', async () => {
    const a = await startServer();
    const visitor = await visitorOn(a);
    // An event whose live publish was lost: stored, never sent.
    const lost = await store.appendMessage({
      sessionId: visitor.sessionId,
      clientId: 'lost-publish-01',
      author: { role: 'bot', id: 'welcome' },
      text: 'published into the void',
      now: Date.now(),
    });
    if (!lost.ok) throw new Error(lost.error.message);
    const seq = lost.value.event.seq;
    // The latest seq, as another process's heads would carry it.
    a.server.io.of('/visitor').emit('heads', { heads: { [visitor.sessionId]: seq } });
    await expect
      .poll(() => texts(visitor.delivery, visitor.sessionId))
      .toEqual(['hello', 'published into the void']);
  });

  it('publishes a retried write again, so a tab that missed it the first time gets it', async () => {
    const a = await startServer();
    const { socket, token } = await connectVisitor(a.url, { origin: a.demoOrigin });
    sockets.push(socket);
    const first = { clientId: 'retried-write-01', text: 'sent twice' };
    const sent = await socket.timeout(5000).emitWithAck('message.send', first);
    if (!sent.ok) throw new Error(sent.error.message);
    // Another tab of the same visitor, connected after the first publish went out.
    const other = await connectVisitor(a.url, { origin: a.demoOrigin, token });
    sockets.push(other.socket);
    const again = next(other.socket, 'session.event', (e) => e.seq === sent.seq);
    expect(await socket.timeout(5000).emitWithAck('message.send', first)).toEqual(sent);
    expect(await within(again, 10_000)).toMatchObject({
      type: 'message',
      text: 'sent twice',
      clientId: first.clientId,
    });
  });
});
