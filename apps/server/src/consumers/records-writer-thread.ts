import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ThreadWriterOptions } from './thread-writer.js';

export interface RecordsWriterThreadOptions extends ThreadWriterOptions {
  databaseUrl: string;
  logLevel: string;
}

/**
 * Starts the records writer in a worker thread (`records-worker.ts`), off the thread that serves
 * the chats: with the writer inline, a steady stream of messages cost about a quarter of the
 * round-trip throughput (README, "Benchmarks"). A thread that fails is started again after a
 * second; its sessions wait in the pending set meanwhile. Resolves once it is writing.
 * @example const thread = await startRecordsWriterThread({ redisUrl, redisPrefix, databaseUrl, logLevel }, logger);
 */
export async function startRecordsWriterThread(options: RecordsWriterThreadOptions, logger: Logger) {
  let stopping = false;
  let worker: Worker;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      worker = new Worker(new URL('./records-worker.js', import.meta.url), { workerData: options });
      worker.once('message', (message) => (message === 'ready' ? resolve() : undefined));
      worker.once('error', (err) => {
        logger.error({ err }, 'records writer thread failed');
        reject(err);
      });
      worker.once('exit', (code) => {
        if (stopping) return;
        logger.error({ code }, 'records writer thread exited; starting it again in 1 s');
        setTimeout(() => start().catch(() => {}), 1000).unref();
      });
    });
  await start();
  return {
    /** Lets the thread finish its round, write what is pending, and close its connections. */
    async stop(): Promise<void> {
      stopping = true;
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (message) => message === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
