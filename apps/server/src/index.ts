#!/usr/bin/env node
/**
 * Parley's process entry: reads the environment, picks the store, listens. All wiring lives in
 * `createServer`; this file only decides what to plug in.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { ParleyConfig } from './config/config-schema.js';
import { defaultConfig } from './config/default-config.js';
import { loadConfigFile } from './config/load-config.js';
import { createServer } from './create-server.js';
import { readEnv } from './env.js';
import { createDemoHost } from './http/demo-host.js';
import { createLogger } from './logger.js';
import { publishSafely } from './realtime/publish-safely.js';
import { identityHash } from './sessions/visitor-identity.js';
import { createMemoryStore } from './store/memory-store.js';
import { createRedisStore } from './store/redis-store.js';

const env = readEnv(process.env);
const logger = createLogger(env.logLevel);

async function main(): Promise<void> {
  const demoOrigins =
    env.demoPort === null ? [] : [`http://localhost:${env.demoPort}`, `http://127.0.0.1:${env.demoPort}`];
  let config: ParleyConfig;
  if (env.configPath) {
    config = await loadConfigFile(env.configPath);
  } else {
    logger.warn('PARLEY_CONFIG is not set: using the demo configuration (not for production)');
    config = defaultConfig(demoOrigins, { prechat: true });
  }

  const closers: Array<() => Promise<unknown>> = [];
  let store = createMemoryStore();
  let adapter: ReturnType<typeof createAdapter> | undefined;
  if (env.redisUrl) {
    const onError = (err: Error) => logger.error({ err }, 'redis error');
    store = await createRedisStore({ url: env.redisUrl, prefix: env.redisPrefix, onError });
    const pub = createClient({ url: env.redisUrl }).on('error', onError);
    const sub = pub.duplicate().on('error', onError);
    await Promise.all([pub.connect(), sub.connect()]);
    const unpublished = (err: unknown) => logger.warn({ err }, 'Socket.IO adapter: a publish failed');
    adapter = createAdapter(publishSafely(pub, unpublished), sub, { key: `${env.redisPrefix}socket.io` });
    closers.push(
      () => pub.quit(),
      () => sub.quit(),
    );
    logger.info({ prefix: env.redisPrefix }, 'using the Redis store and adapter');
  } else {
    logger.warn('REDIS_URL is not set: sessions live in memory and are lost on restart');
  }
  closers.unshift(() => store.close());

  const demoUrl = env.demoPort === null ? undefined : `http://localhost:${env.demoPort}/`;
  const server = await createServer({
    config,
    store,
    logger,
    ...(adapter ? { adapter } : {}),
    ...(demoUrl ? { demoUrl } : {}),
  });
  const url = await server.listen({ port: env.port, host: env.host });
  closers.unshift(() => server.close());
  logger.info({ url, publicUrl: env.publicUrl }, 'parley listening');

  if (env.demoPort !== null) {
    const site = config.sites[0];
    const secret = site?.identity?.secret;
    const demo = createDemoHost({
      parleyUrl: env.publicUrl,
      siteKey: site?.key ?? 'demo',
      ...(secret
        ? {
            user: {
              id: 'grace',
              name: 'Grace Hopper',
              email: 'grace@parley.demo',
              hash: identityHash(secret, 'grace'),
            },
          }
        : {}),
    });
    await demo.listen({ port: env.demoPort, host: env.host });
    closers.unshift(() => demo.close());
    logger.info({ url: demoUrl }, 'demo host page listening');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const close of closers) {
      await close().catch((err: unknown) => logger.error({ err }, 'error while shutting down'));
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, err instanceof Error ? err.message : 'failed to start');
  process.exit(1);
});
