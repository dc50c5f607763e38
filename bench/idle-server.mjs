// The server side of the idle-connections bench, in a child process of its own so its heap holds
// nothing of the bench's clients: `node --expose-gc bench/idle-server.mjs <parley|relay> <redis
// url> <key prefix> <allowed origin>`. It tells its parent its URL once listening, and answers each `heap` message
// with its memory after a full garbage collection.

import { createBot } from '@parley/bot';
import { DEMO_BOT_TOKEN, defaultConfig } from '../apps/server/dist/config/default-config.js';
import { createServer } from '../apps/server/dist/create-server.js';
import { createLogger } from '../apps/server/dist/logger.js';
import { createRedisAdapter } from '../apps/server/dist/realtime/redis-adapter.js';
import { createRedisStore } from '../apps/server/dist/store/redis-store.js';
import { startRelay } from './bare-relay.mjs';

const [kind, redisUrl, prefix, origin] = process.argv.slice(2);

/** Parley as `index.ts` runs it on Redis: the Redis store and adapter, and the entry bot. */
async function startParley() {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const store = await createRedisStore({
    url: redisUrl,
    prefix,
    onError: (err) => logger.error(err.message),
  });
  const redisAdapter = await createRedisAdapter({ url: redisUrl, key: `${prefix}socket.io`, logger });
  const base = defaultConfig([origin]);
  // Every visitor comes from 127.0.0.1: the per-address connection limit is lifted.
  const config = { ...base, limits: { ...base.limits, connectionsPerMinutePerIp: 1_000_000 } };
  const server = await createServer({ config, store, logger, redisAdapter });
  const url = await server.listen({ port: 0 });
  const bot = createBot({ url, token: DEMO_BOT_TOKEN });
  await bot.ready;
  return url;
}

const url =
  kind === 'relay' ? (await startRelay({ redisUrl, key: `${prefix}relay` })).url : await startParley();

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
process.on('message', async (message) => {
  if (message !== 'heap') return;
  // A few rounds: weak references and finalizers let go of more on the second.
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await settle();
  }
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  process.send({ heapUsed, rss, external, arrayBuffers });
});
process.send({ url });
