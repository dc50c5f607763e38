import type { Logger } from 'pino';

export interface ThrottledLog {
  /** Logs `message` with `context` now, or counts it when one was logged less than `everyMs` ago. */
  warn(context: Record<string, unknown>, message: string): void;
}

/**
 * A warning that may repeat thousands of times a second during an outage (every write failing
 * while Redis is down) without flooding the log: the first of each interval is logged with its
 * context, the rest only counted, and the count goes with the next one logged.
 * @example
 * const log = throttledLog(logger, 10_000);
 * log.warn({ err, operation: 'appendMessage' }, 'the store failed');
 */
export function throttledLog(logger: Logger, everyMs: number, clock: () => number = Date.now): ThrottledLog {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return {
    warn(context, message) {
      const now = clock();
      if (now - lastAt < everyMs) {
        suppressed += 1;
        return;
      }
      lastAt = now;
      logger.warn({ ...context, ...(suppressed > 0 ? { suppressed } : {}) }, message);
      suppressed = 0;
    },
  };
}
