import { backoff } from '@parley/client';
import type { AckResult } from '@parley/protocol';
import { ParleyError } from './parley-error.js';

/** The part of a Socket.IO client socket a request needs. */
export interface RequestSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<AckResult> };
  once(event: 'connect', listener: () => void): unknown;
  off(event: 'connect', listener: () => void): unknown;
}

export interface RequestOptions {
  /** How long to wait for one answer. */
  ackTimeoutMs: number;
  /** The bound on the whole request, every retry included. */
  requestTimeoutMs: number;
  /**
   * Aborted when the bot closes: a request then stops waiting (for the connection, or to try
   * again) and rejects with `unavailable`, rather than keep the bot alive until its bound.
   */
  signal?: AbortSignal;
}

/** Codes that mean "not now": the request is sent again after a backoff. */
const RETRY_LATER = new Set(['unavailable', 'rate_limited']);

/** Whether an error from a request is worth trying again later (the server was not reached). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ParleyError && (error.code === 'timeout' || RETRY_LATER.has(error.code));
}

/** Resolves after `ms`, at the next connect when a socket is given, or when `signal` aborts. */
function waitFor(ms: number, signal: AbortSignal | undefined, socket?: RequestSocket): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket?.off('connect', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket?.once('connect', done);
    signal?.addEventListener('abort', done);
  });
}

/**
 * Requests that always settle within `requestTimeoutMs` (issue 11: a `say` whose answer was lost
 * hung forever). A request waits for the connection, and is sent again after a backoff when the
 * server answers "not now" (`unavailable`, `rate_limited`). An idempotent request (a write with
 * a client id the server dedupes) is also sent again when its answer is lost; any other one then
 * rejects with `timeout`, since the server may have done it. Past the bound: `timeout`.
 * @example
 * const request = createRequester(socket, { ackTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
 * const ack = await request('message.send', payload, true);
 */
export function createRequester(socket: RequestSocket, options: RequestOptions) {
  return async function request(event: string, payload: unknown, idempotent: boolean): Promise<AckResult> {
    const deadline = Date.now() + options.requestTimeoutMs;
    const timedOut = () =>
      new ParleyError('timeout', `${event}: no answer from the server within ${options.requestTimeoutMs} ms`);
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new ParleyError('unavailable', `${event}: the bot is closed`);
      const left = deadline - Date.now();
      if (left <= 0) throw timedOut();
      if (!socket.connected) {
        await waitFor(left, options.signal, socket);
        continue;
      }
      let result: AckResult;
      try {
        result = await socket.timeout(Math.min(options.ackTimeoutMs, left)).emitWithAck(event, payload);
      } catch {
        if (!idempotent) throw timedOut();
        await waitFor(Math.min(backoff(attempt), Math.max(0, deadline - Date.now())), options.signal);
        continue;
      }
      if (result.ok || !RETRY_LATER.has(result.error.code)) return result;
      await waitFor(Math.min(backoff(attempt), Math.max(0, deadline - Date.now())), options.signal);
    }
  };
}

export type Requester = ReturnType<typeof createRequester>;
