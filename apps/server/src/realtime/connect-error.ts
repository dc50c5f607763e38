import type { ErrorCode } from '@parley/protocol';

/**
 * A refused handshake. Socket.IO hands `data` to the client's `connect_error` listener, so the
 * client gets the same typed `{ code, message }` as any other error.
 */
export function connectError(
  code: ErrorCode,
  message: string,
): Error & { data: { code: ErrorCode; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}
