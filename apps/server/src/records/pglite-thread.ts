import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ThreadWriterOptions } from '../consumers/thread-writer.js';
import { BadCursorError } from './page-cursor.js';
import type { RecordsStore } from './records-store.js';
import type { RecordsOptions } from './sql-records.js';

/** What the thread opens: `createPgliteRecords` options that can cross to a thread (no callbacks). */
export interface PgliteThreadOptions extends Omit<RecordsOptions, 'onQuery'> {
  /** Where PGlite keeps its files; undefined: in memory, gone on close. */
  dataDir?: string;
  /**
   * The Redis store whose session log the records writer copies, in this thread (`index.ts` with
   * `REDIS_URL` and no `DATABASE_URL`): the writer then never runs on the chats' thread, and hands
   * its rounds to PGlite without copying them between threads. Undefined: the writer runs where
   * the live store is (the memory store's, in the main thread).
   */
  writer?: ThreadWriterOptions;
  /** The writer's log level (default `info`). */
  logLevel?: string;
}

/** A call to the thread, and its answer. */
export interface ThreadCall {
  id: number;
  method: string;
  args: unknown[];
}
/** The thread is ready; `ready` names the store's parts that are objects of methods (`apiKeys`). */
export interface ThreadReady {
  ready: string[];
}
/** A listener of the store in the thread (`webhooks.onRecorded`) was called. */
export interface ThreadEvent {
  event: string;
}
/** An error as it crosses the thread: `code` is PostgreSQL's SQLSTATE, when it has one. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}
export type ThreadAnswer = { id: number; value: unknown } | { id: number; error: ThreadError };

/** The records in their thread; `thread` is the worker now running (for operations and tests). */
export type PgliteThreadRecords = RecordsStore & { readonly thread: Worker };

/** Errors whose class callers tell apart (`instanceof`), made again on this side. */
const KNOWN_ERRORS: Record<string, new (message: string) => Error> = {
  BadCursorError,
  RangeError,
  TypeError,
};

function revive(error: ThreadError): Error {
  const Known = KNOWN_ERRORS[error.name];
  const revived = Known ? new Known(error.message) : new Error(error.message);
  if (!Known) revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  if (error.code !== undefined) Object.assign(revived, { code: error.code });
  return revived;
}

/**
 * Opens the embedded records (PGlite) in a worker thread of its own (`pglite-worker.ts`), and
 * answers with a `RecordsStore` whose every call is a message to it. PostgreSQL compiled to
 * WebAssembly runs on the thread that calls it: in the chats' thread, every message written to the
 * records would hold up the messages being served (README, "Benchmarks"). Arguments and answers
 * are copied between the threads (structured clone), so they stay plain data.
 *
 * A thread that dies is started again after a second; the calls it had not answered, and those
 * made meanwhile, fail (the records writer writes their sessions again: `record` is idempotent).
 * @example const records = await startPgliteThread({ dataDir: join(env.dataDir, 'records') }, logger);
 */
export async function startPgliteThread(
  options: PgliteThreadOptions,
  logger: Logger,
): Promise<PgliteThreadRecords> {
  const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let closing = false;
  let alive = false;
  let parts = new Set<string>();
  /** Listeners of the store's `on…` methods (`webhooks.onRecorded`), by method path. */
  const listeners = new Map<string, Set<() => void>>();
  let worker: Worker;

  const start = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: options });
      worker.on('message', (message: ThreadAnswer | ThreadReady | ThreadEvent) => {
        if ('ready' in message) {
          parts = new Set(message.ready);
          alive = true;
          // A thread started again listens again for what this side listens to.
          for (const path of listeners.keys())
            worker.postMessage({ id: 0, method: path, args: [] } satisfies ThreadCall);
          return resolve();
        }
        if ('event' in message) {
          for (const listener of listeners.get(message.event) ?? []) listener();
          return;
        }
        const call = calls.get(message.id);
        if (!call) return;
        calls.delete(message.id);
        if ('error' in message) call.reject(revive(message.error));
        else call.resolve(message.value);
      });
      worker.once('error', (err) => {
        logger.error({ err }, 'records (PGlite) thread failed');
        reject(err);
      });
      worker.once('exit', (code) => {
        alive = false;
        for (const call of calls.values())
          call.reject(new Error('The records thread stopped before answering'));
        calls.clear();
        if (closing) return;
        logger.error({ code }, 'records (PGlite) thread exited; starting it again in 1 s');
        setTimeout(() => start().catch(() => {}), 1000).unref();
      });
    });

  await start();

  const call = (method: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      // While a thread that died starts again, calls fail at once (the records writer retries
      // its sessions; a reader gets an error to retry) rather than wait without end.
      if (!alive) return reject(new Error('The records thread is starting again'));
      const id = nextId++;
      calls.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies ThreadCall);
    });

  /**
   * A listener (`onRecorded(listener)`: a function cannot cross to the thread) is kept here; the
   * thread, asked once per method, posts an event each time its own listener is called.
   */
  const listen = (path: string, listener: () => void): (() => void) => {
    let set = listeners.get(path);
    if (!set) {
      set = new Set();
      listeners.set(path, set);
      if (alive) worker.postMessage({ id: 0, method: path, args: [] } satisfies ThreadCall);
    }
    set.add(listener);
    return () => set.delete(listener);
  };

  /** Calls of a part of the store (`apiKeys`): each method is `part.method` in the thread. */
  const part = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, method) => {
          if (typeof method !== 'string' || method === 'then') return undefined;
          if (/^on[A-Z]/.test(method)) return (listener: () => void) => listen(`${name}.${method}`, listener);
          return (...args: unknown[]) => call(`${name}.${method}`, args);
        },
      },
    );
  const partProxies = new Map<string, object>();

  // Every method of the store is the same message; `close` also ends the thread.
  return new Proxy({} as PgliteThreadRecords, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      if (method === 'thread') return worker;
      if (parts.has(method)) {
        if (!partProxies.has(method)) partProxies.set(method, part(method));
        return partProxies.get(method);
      }
      if (method === 'close') {
        return async () => {
          if (closing) return;
          await call('close', []);
          closing = true;
          await worker.terminate();
        };
      }
      return (...args: unknown[]) => call(method, args);
    },
  });
}
