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
import type { RecordsWriterThreadOptions } from './records-writer-thread.js';
import { BEHIND_NICENESS, lowerThreadPriority } from './thread-priority.js';
import { startThreadWriter } from './thread-writer.js';

// Behind the live path: under contention, the chats' thread goes first.
lowerThreadPriority(BEHIND_NICENESS);
const options = workerData as RecordsWriterThreadOptions;
const logger = createLogger(options.logLevel).child({ thread: 'records-writer' });
const errors = throttledLog(logger, 10_000);
const records = await createPostgresRecords({
  url: options.databaseUrl,
  onError: (err) => errors.warn({ err }, 'records writer: PostgreSQL connection error'),
});
const writer = await startThreadWriter(options, records, logger);

parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  void (async () => {
    await writer.stop();
    await records.close().catch(() => {});
    parentPort?.postMessage('stopped');
  })();
});
parentPort?.postMessage('ready');
