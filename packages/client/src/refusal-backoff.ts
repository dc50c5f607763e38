import { isRetryable } from '@parley/protocol';

export interface RefusalBackoffOptions {
  /** Connects again: Socket.IO's `socket.connect()`. */
  reconnect(): void;
  /** Runs `run` after `ms`, on the caller's timers (so that disposing the caller cancels it). */
  later(ms: number, run: () => void): unknown;
  /** The first delay is at most this (default 1 s); the bound doubles with each refusal... */
  baseMs?: number;
  /** ...up to this (default 30 s). */
  capMs?: number;
  /** In [0, 1); `Math.random` unless a test needs it fixed. */
  random?: () => number;
}

export interface RefusalBackoff {
  /**
   * A `connect_error`'s `data` from a refused handshake: when it is retryable (`rate_limited`,
   * `unavailable`), schedules a reconnect and returns true; otherwise returns false and leaves
   * the refusal to the caller.
   */
  refused(data: unknown): boolean;
  /** The handshake went through: the next refusal starts from `baseMs` again. */
  connected(): void;
}

/**
 * The delay before attempt `attempt` (0-based) with full jitter: uniform in
 * [0, min(cap, base * 2^attempt)], so that clients refused together do not come back together
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * @example backoffDelay(3, 1_000, 30_000, Math.random) // somewhere in [0, 8 s)
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
}

/**
 * Reconnects after a handshake the server refused for a while only. Socket.IO gives up on any
 * refusal by the server's middleware (`socket.active` turns false), so without this a visitor
 * refused once as `rate_limited` (150 of them behind one address after a server restart) or
 * `unavailable` (Redis loading its data) would never come back (issue 11). Never gives up.
 * @example
 * const backoff = createRefusalBackoff({ reconnect: () => socket.connect(), later: setTimeout });
 * socket.on('connect', backoff.connected);
 * socket.on('connect_error', (err) => { if (!socket.active && !backoff.refused(err.data)) showError(err); });
 */
export function createRefusalBackoff(options: RefusalBackoffOptions): RefusalBackoff {
  const { baseMs = 1_000, capMs = 30_000, random = Math.random } = options;
  let attempt = 0;
  let scheduled = false;
  return {
    refused(data) {
      if (!isRetryable(data)) return false;
      if (scheduled) return true;
      scheduled = true;
      const delay = backoffDelay(attempt, baseMs, capMs, random);
      attempt += 1;
      options.later(delay, () => {
        scheduled = false;
        options.reconnect();
      });
      return true;
    },
    connected() {
      attempt = 0;
    },
  };
}
