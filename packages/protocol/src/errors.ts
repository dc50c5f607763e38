/**
 * The closed set of error codes that may cross the wire. Every failure a client can see is one
 * of these, in `{ ok: false, error: { code, message } }`; nothing is thrown across the wire.
 */
export const ERROR_CODES = [
  /** The payload does not match the event's schema (wrong type, missing field, unknown key). */
  'invalid_payload',
  /** A field is over its size limit (message text, attributes). */
  'payload_too_large',
  /** Credentials are missing or wrong (site key, visitor token, bot token). */
  'unauthorized',
  /** The caller is known but may not do this (another visitor's session, another bot's). */
  'forbidden',
  /** The handshake Origin is not in the site's allowlist. */
  'origin_not_allowed',
  /** The session (or other target) does not exist. */
  'not_found',
  /** The session's status does not allow this (see `canTransition`). */
  'invalid_transition',
  /** The request clashes with the current state (e.g. the visitor already has an open session). */
  'conflict',
  /** The session is closed and takes no more writes of this kind. */
  'session_closed',
  /**
   * Too many events from this socket or connections from this address. Retryable: try again
   * after a backoff (the message says when); a client never gives up on it.
   */
  'rate_limited',
  /**
   * The server cannot reach its storage right now (Redis down, loading its data, too slow).
   * Retryable: retry with backoff. Nothing was changed.
   */
  'unavailable',
  /** The event name is not part of the namespace's protocol. */
  'unknown_event',
  /**
   * The server cannot reach its storage right now (Redis restarting or loading): nothing was
   * changed; retry with backoff.
   */
  'unavailable',
  /** The feature is not set up on this server (e.g. email without SMTP); asking again will not help. */
  'not_configured',
  /** Something failed on the server; it is logged with context, and nothing was changed. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** The result every acknowledged event returns. */
export type AckResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: WireError };

/** The trailing callback of an acknowledged event. */
export type Ack<T extends object = object> = (result: AckResult<T>) => void;

/** A value or a wire error: what domain operations return instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * Builds a failed result.
 * @example fail('not_found', 'No such session') // { ok: false, error: { code: 'not_found', ... } }
 */
export function fail(code: ErrorCode, message: string): { ok: false; error: WireError } {
  return { ok: false, error: { code, message } };
}

/** Codes a client retries by itself, after a backoff: the same request may succeed later. */
export const RETRYABLE_CODES: readonly ErrorCode[] = ['rate_limited', 'unavailable'];

/**
 * Whether a wire error (an ack's, or a refused handshake's `data`) is worth retrying as it is.
 * @example isRetryable({ code: 'unavailable', message: '…' }) // true
 */
export function isRetryable(error: unknown): boolean {
  return isWireError(error) && RETRYABLE_CODES.includes(error.code);
}

/** Narrows an unknown value (a Socket.IO `connect_error`'s `data`, say) to a wire error. */
export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}
