/** A call that did not settle in time (`within`). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Settles like `promise`, or rejects with a `TimeoutError` after `ms`. node-redis times a command
 * out only while it waits to be written: one written to a Redis that stalled (or is loading a
 * large data set slowly) would wait for good, and so would whoever awaits it. The promise itself
 * goes on; its outcome, if it comes later, is dropped.
 * @example const found = await within(store.getSession(id), 5_000);
 */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`No answer within ${ms} ms`)), ms);
    // The process may end while a call is pending (shutdown): the timer must not hold it up.
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
