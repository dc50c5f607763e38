/**
 * The embedded records in a thread of their own (`startPgliteThread`): opens PGlite and answers
 * each call of the `RecordsStore` posted to it, in the order they came. Given a Redis store
 * (`writer`), the records writer runs here too, writing to PGlite without leaving the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BEHIND_NICENESS, lowerThreadPriority } from '../consumers/thread-priority.js';
import { startThreadWriter } from '../consumers/thread-writer.js';
import { createLogger } from '../logger.js';
import { createPgliteRecords } from './pglite-records.js';
import type {
  PgliteThreadOptions,
  ThreadAnswer,
  ThreadCall,
  ThreadEvent,
  ThreadReady,
} from './pglite-thread.js';

// Behind the live path: under contention, the chats' thread goes first.
lowerThreadPriority(BEHIND_NICENESS);
const options = workerData as PgliteThreadOptions;
const records = await createPgliteRecords(options);
/**
 * The writer, once its Redis connection is up. Not awaited before the thread says it is ready: a
 * thread started again while Redis is away still answers the records' readers meanwhile.
 */
let writer: Awaited<ReturnType<typeof startThreadWriter>> | undefined;
let closing = false;
if (options.writer) {
  const logger = createLogger(options.logLevel ?? 'info').child({ thread: 'records' });
  startThreadWriter(options.writer, records, logger).then(
    (started) => {
      // Up only once the records were closed: it has nothing to write to any more.
      if (closing) void started.stop();
      else writer = started;
    },
    (err: unknown) => logger.error({ err }, 'records writer: cannot start in the records thread'),
  );
}
type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;
/** The store's parts that are objects of methods of their own (`apiKeys`): `apiKeys.create`. */
const parts = Object.keys(records).filter((key) => {
  const value = (records as unknown as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null;
});

/** The `on…` methods this thread listens to for the other side (call id 0), each once. */
const listening = new Set<string>();

parentPort?.on('message', (call: ThreadCall) => {
  if (call.id === 0) {
    const [partName = '', method = ''] = call.method.split('.');
    const owner = (records as unknown as Record<string, Record<string, unknown>>)[partName];
    const on = owner?.[method];
    if (typeof on === 'function' && !listening.has(call.method)) {
      listening.add(call.method);
      on.call(owner, () => parentPort?.postMessage({ event: call.method } satisfies ThreadEvent));
    }
    return;
  }
  const answer = async (): Promise<ThreadAnswer> => {
    try {
      // The writer writes what is pending before the records close under it.
      if (call.method === 'close') {
        closing = true;
        await writer?.stop();
      }
      const [first = '', second] = call.method.split('.');
      const owner = (
        second === undefined ? records : (records as unknown as Record<string, unknown>)[first]
      ) as Methods | undefined;
      const method = owner?.[second ?? first];
      if (typeof method !== 'function') throw new TypeError(`The records have no method ${call.method}`);
      return { id: call.id, value: await method.apply(owner, call.args) };
    } catch (err) {
      const error: Error & { code?: unknown } = err instanceof Error ? err : new Error(String(err));
      return {
        id: call.id,
        error: {
          name: error.name,
          message: error.message,
          ...(error.stack ? { stack: error.stack } : {}),
          // PostgreSQL's SQLSTATE, which says whether the data was refused (the records writer).
          ...(typeof error.code === 'string' ? { code: error.code } : {}),
        },
      };
    }
  };
  void answer().then((message) => parentPort?.postMessage(message));
});
parentPort?.postMessage({ ready: parts } satisfies ThreadReady);
