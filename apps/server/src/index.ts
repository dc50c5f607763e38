#!/usr/bin/env node
/**
 * Parley's process entry: reads the environment, picks the store, listens. All wiring lives in
 * `createServer`; this file only decides what to plug in.
 */
import { join } from 'node:path';
import type { ParleyConfig } from './config/config-schema.js';
import { defaultConfig } from './config/default-config.js';
import { loadConfigFile } from './config/load-config.js';
import { RECORDS_CONSUMER } from './consumers/records-writer.js';
import { startRecordsWriterThread } from './consumers/records-writer-thread.js';
import { createServer } from './create-server.js';
import { EMAIL_CONSUMER } from './email/offline-mailer.js';
import { tokenSecretIn } from './embedded/data-dir.js';
import { lockDataDir } from './embedded/data-dir-lock.js';
import { readEnv } from './env.js';
import { createFileStore } from './files/file-store.js';
import { createFolderBucket } from './files/folder-bucket.js';
import { createS3Bucket } from './files/s3-bucket.js';
import { createDemoHost } from './http/demo-host.js';
import { createLogger } from './logger.js';
import { throttledLog } from './logging/throttled-log.js';
import { createRedisAdapter, type RedisAdapter } from './realtime/redis-adapter.js';
import { startPgliteThread } from './records/pglite-thread.js';
import { createPostgresRecords } from './records/postgres-records.js';
import type { RecordsStore } from './records/records-store.js';
import { identityHash } from './sessions/visitor-identity.js';
import { createMemoryStore } from './store/memory-store.js';
import { createRedisStore } from './store/redis-store.js';

const env = readEnv(process.env);
const logger = createLogger(env.logLevel);

// The last resort: a promise some library let go of (the Socket.IO adapter publishes without
// awaiting; its client is guarded, but others may do the same) must not end a process that
// serves every conversation on it. Logged, never fatal.
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled rejection (ignored; the process keeps running)');
});

async function main(): Promise<void> {
  // The demo configuration's site allows the demo page's origins; with no demo page
  // (DEMO_PORT=off), Parley's own (PUBLIC_URL), as a site needs one to be valid.
  // PARLEY_DEMO_ORIGINS adds your own page's, to try the widget there.
  const demoOrigins = [
    ...(env.demoPort === null
      ? [new URL(env.publicUrl).origin]
      : [`http://localhost:${env.demoPort}`, `http://127.0.0.1:${env.demoPort}`]),
    ...env.demoOrigins,
  ];
  let config: ParleyConfig;
  if (env.configPath) {
    config = await loadConfigFile(env.configPath);
  } else {
    logger.warn('PARLEY_CONFIG is not set: using the demo configuration (not for production)');
    // The example HTTP bot that `npm start` runs beside the server (HTTP_BOT_PORT, PORT + 2).
    const httpBotUrl = `http://127.0.0.1:${process.env.HTTP_BOT_PORT ?? env.port + 2}/`;
    config = defaultConfig(demoOrigins, { prechat: true, httpBotUrl });
  }

  const closers: Array<() => Promise<unknown>> = [];
  // Every conversation is kept in the records (issue 12): a PostgreSQL server when DATABASE_URL
  // names one, else PGlite under the data directory, so `npm start` keeps them across restarts.
  let records: RecordsStore;
  let releaseLock: (() => Promise<void>) | undefined;
  if (env.databaseUrl) {
    const dbErrors = throttledLog(logger, 10_000);
    records = await createPostgresRecords({
      url: env.databaseUrl,
      onError: (err: Error) => dbErrors.warn({ err }, 'PostgreSQL connection error'),
    });
    logger.info('keeping the records in PostgreSQL (DATABASE_URL)');
  } else {
    // PGlite serves one process at a time: the `api-key` script checks this lock too.
    releaseLock = await lockDataDir(join(env.dataDir, 'records'));
    // In a thread of its own: PostgreSQL in WebAssembly runs on the thread that calls it. With
    // Redis, the records writer runs in that thread too, over a Redis connection of its own.
    records = await startPgliteThread(
      {
        dataDir: join(env.dataDir, 'records'),
        ...(env.redisUrl
          ? { writer: { redisUrl: env.redisUrl, redisPrefix: env.redisPrefix }, logLevel: env.logLevel }
          : {}),
      },
      logger,
    );
    logger.info({ dataDir: env.dataDir }, 'keeping the records in PGlite under the data directory');
  }
  closers.push(() => records.close());
  if (releaseLock) closers.push(releaseLock);
  // The memory store kept nothing of the last run: the chats it had open ended with it, and the
  // records say so (rather than show them open for good).
  if (!env.redisUrl) {
    const ended = await records.closeLeftOpen(Date.now());
    if (ended > 0) logger.info({ sessions: ended }, 'marked closed the chats the last run left open');
  }
  // The offline messages' mail is a consumer of the session log too, when email is configured.
  const consumers = config.email ? [RECORDS_CONSUMER, EMAIL_CONSUMER] : [RECORDS_CONSUMER];
  let store = createMemoryStore({ consumers, tokenSecret: await tokenSecretIn(env.dataDir) });
  let redisAdapter: RedisAdapter | undefined;
  if (env.redisUrl) {
    // Throttled: while Redis is away, node-redis reports every reconnect attempt.
    const redisErrors = throttledLog(logger, 10_000);
    const onError = (err: Error) => redisErrors.warn({ err }, 'Redis store connection error');
    store = await createRedisStore({ url: env.redisUrl, prefix: env.redisPrefix, onError, consumers });
    redisAdapter = await createRedisAdapter({
      url: env.redisUrl,
      key: `${env.redisPrefix}socket.io`,
      logger,
    });
    closers.push(redisAdapter.close);
    logger.info({ prefix: env.redisPrefix }, 'using the Redis store and adapter');
  } else {
    logger.warn('REDIS_URL is not set: live sessions are in memory (the records keep every conversation)');
  }
  closers.unshift(() => store.close());

  // With Redis, the records writer runs off the thread that serves the chats: in a thread of its
  // own with a PostgreSQL server, in PGlite's thread (above) without; with the memory store, it
  // shares this thread's data and runs here.
  const recordsWriter: 'inline' | 'elsewhere' = env.redisUrl ? 'elsewhere' : 'inline';
  if (env.redisUrl && env.databaseUrl) {
    const thread = await startRecordsWriterThread(
      {
        redisUrl: env.redisUrl,
        redisPrefix: env.redisPrefix,
        databaseUrl: env.databaseUrl,
        logLevel: env.logLevel,
      },
      logger,
    );
    closers.unshift(() => thread.stop());
  }

  // Files and images (issue 14): an S3-compatible bucket when configured, else the data directory.
  const s3 = config.files.s3 ? createS3Bucket(config.files.s3) : undefined;
  if (s3) closers.push(async () => s3.close());
  const files = createFileStore(s3 ?? createFolderBucket(join(env.dataDir, 'files')));
  logger.info(s3 ? { bucket: config.files.s3?.bucket } : { dataDir: env.dataDir }, 'keeping files');

  const demoUrl = env.demoPort === null ? undefined : `http://localhost:${env.demoPort}/`;
  const server = await createServer({
    config,
    store,
    records,
    recordsWriter,
    logger,
    ...(redisAdapter ? { redisAdapter } : {}),
    ...(demoUrl ? { demoUrl } : {}),
    publicUrl: env.publicUrl,
    files,
    fileUrlSecret: await tokenSecretIn(env.dataDir, 'file-url-secret'),
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
