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
}

/** Codes that mean "not now": the request is sent again after a backoff. */
const RETRY_LATER = new Set(['unavailable', 'rate_limited']);

/** Whether an error from a request is worth trying again later (the server was not reached). */
export function isRetryable(error: unknown): boolean {
  return error instanceof ParleyError && (error.code === 'timeout' || RETRY_LATER.has(error.code));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves on the next connect, or after `ms`, whichever comes first. */
function connectedOrAfter(socket: RequestSocket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('connect', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once('connect', done);
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
      const left = deadline - Date.now();
      if (left <= 0) throw timedOut();
      if (!socket.connected) {
        await connectedOrAfter(socket, left);
        continue;
      }
      let result: AckResult;
      try {
        result = await socket.timeout(Math.min(options.ackTimeoutMs, left)).emitWithAck(event, payload);
      } catch {
        if (!idempotent) throw timedOut();
        await sleep(Math.min(backoff(attempt), Math.max(0, deadline - Date.now())));
        continue;
      }
      if (result.ok || !RETRY_LATER.has(result.error.code)) return result;
      await sleep(Math.min(backoff(attempt), Math.max(0, deadline - Date.now())));
    }
  };
}

export type Requester = ReturnType<typeof createRequester>;
