/**
 * The records writer in a worker thread of its own (`startRecordsWriterThread`): it has its own
 * Redis and PostgreSQL connections, so its work never runs on the thread that serves the chats.
 * Only for a live store other processes can reach too (Redis); the memory store lives in the
 * main thread, whose writer stays inline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { throttledLog } from '../logging/throttled-log.js';
import { createPostgresRecords } from '../records/postgres-records.js';
import { createRedisStore } from '../store/redis-store.js';
import { createRecordsWriter, RECORDS_CONSUMER } from './records-writer.js';
import type { RecordsWriterThreadOptions } from './records-writer-thread.js';
import { BEHIND_NICENESS, lowerThreadPriority } from './thread-priority.js';

// Behind the live path: under contention, the chats' thread goes first.
lowerThreadPriority(BEHIND_NICENESS);
const options = workerData as RecordsWriterThreadOptions;
const logger = createLogger(options.logLevel).child({ thread: 'records-writer' });
const errors = throttledLog(logger, 10_000);
const store = await createRedisStore({
  url: options.redisUrl,
  prefix: options.redisPrefix,
  consumers: [RECORDS_CONSUMER],
  onError: (err) => errors.warn({ err }, 'records writer: Redis connection error'),
});
const records = await createPostgresRecords({
  url: options.databaseUrl,
  onError: (err) => errors.warn({ err }, 'records writer: PostgreSQL connection error'),
});
const writer = createRecordsWriter({
  store,
  records,
  clock: Date.now,
  logger,
  ...(options.idleMs ? { idleMs: options.idleMs } : {}),
});
writer.start();

parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  void (async () => {
    await writer.stop();
    await writer
      .flush()
      .catch((err: unknown) => logger.error({ err }, 'records writer: cannot flush at stop'));
    await Promise.allSettled([store.close(), records.close()]);
    parentPort?.postMessage('stopped');
  })();
});
parentPort?.postMessage('ready');
