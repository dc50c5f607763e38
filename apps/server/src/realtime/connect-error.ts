import type { ErrorCode } from '@parley/protocol';
import type { Logger } from 'pino';
import { StoreUnavailableError, UNAVAILABLE_MESSAGE } from '../store/guard-store.js';

export type ConnectError = Error & { data: { code: ErrorCode; message: string } };

/**
 * A refused handshake. Socket.IO hands `data` to the client's `connect_error` listener, so the
 * client gets the same typed `{ code, message }` as any other error.
 */
export function connectError(code: ErrorCode, message: string): ConnectError {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * A handshake that failed on the server's side: `unavailable` when the store failed (logged
 * where it failed; the client reconnects after a backoff), otherwise `internal`, logged here.
 */
export function failedHandshake(error: unknown, logger: Logger): ConnectError {
  if (error instanceof StoreUnavailableError) return connectError('unavailable', UNAVAILABLE_MESSAGE);
  logger.error({ err: error }, 'handshake failed');
  return connectError('internal', 'Something went wrong on the server');
}
