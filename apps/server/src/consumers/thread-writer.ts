import type { Logger } from 'pino';
import { throttledLog } from '../logging/throttled-log.js';
import { createRedisStore } from '../store/redis-store.js';
import { createRecordsWriter, RECORDS_CONSUMER, type RecordsSink } from './records-writer.js';

/** What a worker thread needs to run the records writer over a Redis store of its own. */
export interface ThreadWriterOptions {
  redisUrl: string;
  redisPrefix: string;
  /** The writer's wait between rounds without a backlog (default its own, 1 s). */
  idleMs?: number;
}

/**
 * Starts the records writer inside a worker thread, over a Redis connection of the thread's own,
 * writing to `records` (a PostgreSQL server's pool in `records-worker.ts`, the embedded PGlite in
 * `pglite-worker.ts`): none of its reads, JSON or SQL then runs on the thread serving the chats.
 * `stop()` ends the round in progress, writes what is pending, and closes the Redis connection
 * (not the records: the thread owns them).
 * @example const writer = await startThreadWriter({ redisUrl, redisPrefix }, records, logger);
 */
export async function startThreadWriter(options: ThreadWriterOptions, records: RecordsSink, logger: Logger) {
  const errors = throttledLog(logger, 10_000);
  const store = await createRedisStore({
    url: options.redisUrl,
    prefix: options.redisPrefix,
    consumers: [RECORDS_CONSUMER],
    onError: (err) => errors.warn({ err }, 'records writer: Redis connection error'),
  });
  const writer = createRecordsWriter({
    store,
    records,
    clock: Date.now,
    logger,
    ...(options.idleMs ? { idleMs: options.idleMs } : {}),
  });
  writer.start();
  return {
    async stop(): Promise<void> {
      await writer.stop();
      await writer
        .flush()
        .catch((err: unknown) => logger.error({ err }, 'records writer: cannot flush at stop'));
      await store.close();
    },
  };
}
