import type { ErrorCode } from '@parley/protocol';

/**
 * A refusal from the server (or a failure to reach it), with the wire error code; `timeout` when
 * no answer came within the request's bound.
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
