import { randomUUID } from 'node:crypto';
import type { AckResult } from '@parley/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningParley, startParley } from '../../test/harness.js';
import { startRedis, type TestRedis } from '../../test/redis-server.js';
import { connectVisitor, syncAll } from '../../test/visitor.js';
import { createLogger } from '../logger.js';
import { createRedisStore } from '../store/redis-store.js';
import { createRedisAdapter, type RedisAdapter } from './redis-adapter.js';

// Redis stalled (SIGSTOP: connections open, nothing answered) or down (killed): every failure of
// the store reaches clients as the retryable `unavailable`, and `/readyz` says so, until it is back.
describe('while Redis is stalled or down', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let redisAdapter: RedisAdapter;
  let parley: RunningParley;

  beforeAll(async () => {
    redis = await startRedis();
    const prefix = `test-${randomUUID()}:`;
    const store = await createRedisStore({ url: redis.url, prefix, onError: () => {} });
    const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
    redisAdapter = await createRedisAdapter({ url: redis.url, key: `${prefix}socket.io`, logger });
    parley = await startParley({ store, redisAdapter, storeTimeoutMs: 500 });
  });

  afterAll(async () => {
    await parley?.close();
    await parley?.store.close();
    await redisAdapter?.close();
    await redis?.stop();
  });

  const readiness = async () => {
    const response = await fetch(`${parley.url}/readyz`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('answers a write with unavailable while Redis is stalled, and takes the same write once it is back', async () => {
    const { socket } = await connectVisitor(parley.url, { origin: parley.demoOrigin });
    const first = await socket
      .timeout(5000)
      .emitWithAck('message.send', { clientId: 'outage-00001', text: 'one' });
    expect(first).toMatchObject({ ok: true });

    redis.pause();
    const stalled = { clientId: 'outage-00002', text: 'two' };
    expect(await socket.timeout(5000).emitWithAck('message.send', stalled)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/try again/) },
    });
    expect(await readiness()).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: 'unavailable', adapter: 'ok' } },
    });
    expect((await fetch(`${parley.url}/healthz`)).status).toBe(200);
    // A new visitor's handshake needs no store (its token is signed, not stored): it still gets
    // in, and only its writes wait for Redis.
    const newcomer = io(`${parley.url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: parley.demoOrigin },
      auth: { siteKey: 'demo' },
    });
    await new Promise((resolve, reject) => {
      newcomer.once('identity', resolve);
      newcomer.once('connect_error', reject);
    });
    newcomer.close();
    // The desk's login too: 503 with the same typed error.
    const login = await fetch(`${parley.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@parley.demo', password: 'parley-demo' }),
    });
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    redis.resume();
    await expect.poll(async () => (await readiness()).status, { timeout: 10_000 }).toBe(200);
    // The retry with the same client id: stored once, whether or not the stalled write landed.
    const retried: AckResult = await socket.timeout(5000).emitWithAck('message.send', stalled);
    expect(retried).toMatchObject({ ok: true });
    const [session] = await syncAll(socket);
    const texts = session?.events.flatMap((e) =>
      e.type === 'message' && e.author.role === 'visitor' ? [e.text] : [],
    );
    expect(texts).toEqual(['one', 'two']);
    socket.close();
  });

  it('is not ready while Redis is down, neither the store nor the adapter, and is again once it is back', async () => {
    await redis.stop();
    await expect
      .poll(async () => readiness(), { timeout: 10_000 })
      .toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { store: 'unavailable', adapter: 'unavailable' } },
      });
    expect((await fetch(`${parley.url}/healthz`)).status).toBe(200);
    await redis.start();
    await expect
      .poll(async () => readiness(), { timeout: 15_000 })
      .toEqual({ status: 200, body: { status: 'ok', checks: { store: 'ok', adapter: 'ok' } } });
  });
});
