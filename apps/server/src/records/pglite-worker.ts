/**
 * The embedded records in a thread of their own (`startPgliteThread`): opens PGlite and answers
 * each call of the `RecordsStore` posted to it, in the order they came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPgliteRecords } from './pglite-records.js';
import type { PgliteThreadOptions, ThreadAnswer, ThreadCall } from './pglite-thread.js';

const records = await createPgliteRecords(workerData as PgliteThreadOptions);
const methods = records as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

parentPort?.on('message', (call: ThreadCall) => {
  const method = methods[call.method];
  const answer = async (): Promise<ThreadAnswer> => {
    try {
      if (typeof method !== 'function') throw new TypeError(`The records have no method ${call.method}`);
      return { id: call.id, value: await method.apply(records, call.args) };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      return {
        id: call.id,
        error: { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) },
      };
    }
  };
  void answer().then((message) => parentPort?.postMessage(message));
});
parentPort?.postMessage('ready');
