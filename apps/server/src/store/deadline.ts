import { TimeoutError } from './within.js';

/**
 * `within` for a stream of calls that share one limit, with no timer per call (issue 16: a timer
 * set and cleared on every store call was a tenth of the server's time at saturation). Pending
 * calls wait in the order they started; one interval, alive only while any is pending, fails
 * those past `ms` (at most a tenth of `ms` late). A call's own promise goes on; its outcome, if
 * it comes after the deadline, is dropped.
 * @example const inTime = sharedDeadline(5_000); const found = await inTime(store.getSession(id));
 */
export function sharedDeadline(ms: number) {
  interface Pending {
    startedAt: number;
    reject: (error: TimeoutError) => void;
  }
  // A Set iterates in insertion order: the oldest call first.
  const pending = new Set<Pending>();
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = () => {
    const now = performance.now();
    for (const call of pending) {
      if (now - call.startedAt < ms) break;
      pending.delete(call);
      call.reject(new TimeoutError(`No answer within ${ms} ms`));
    }
    if (pending.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  return function inTime<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call: Pending = { startedAt: performance.now(), reject };
      pending.add(call);
      if (!sweeper) {
        sweeper = setInterval(sweep, Math.max(10, ms / 10));
        // The process may end while a call is pending (shutdown): the sweep must not hold it up.
        sweeper.unref();
      }
      promise.then(
        (value) => {
          pending.delete(call);
          resolve(value);
        },
        (error: unknown) => {
          pending.delete(call);
          reject(error);
        },
      );
    });
  };
}
