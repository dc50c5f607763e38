export type Timer = ReturnType<typeof setTimeout>;

export interface Timers {
  /** Runs `run` after `ms`, unless cancelled or cleared first. */
  later(ms: number, run: () => void): Timer;
  cancel(timer: Timer | undefined): void;
  /** Cancels every pending timer (on dispose). */
  clear(): void;
}

/**
 * A set of timeouts owned by one connection, so disposing it leaves nothing running.
 * @example const timers = createTimers(); timers.later(1000, tick); timers.clear();
 */
export function createTimers(): Timers {
  const pending = new Set<Timer>();
  return {
    later(ms, run) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        run();
      }, ms);
      pending.add(timer);
      return timer;
    },
    cancel(timer) {
      if (timer === undefined) return;
      clearTimeout(timer);
      pending.delete(timer);
    },
    clear() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
