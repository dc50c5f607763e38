import type { TranslationKey } from './en.js';

const ERROR_KEYS: Record<string, TranslationKey> = {
  unauthorized: 'error.unauthorized',
  invalid_payload: 'error.invalid_payload',
  origin_not_allowed: 'error.origin_not_allowed',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.unavailable',
  payload_too_large: 'error.payload_too_large',
  session_closed: 'error.session_closed',
  disconnected: 'error.disconnected',
  sync: 'error.sync',
};

/**
 * The text for an error code: wire codes with something useful to tell the visitor have their
 * own; the rest (a bug, a timeout) share the generic "try again".
 * @example errorKey('rate_limited') // 'error.rate_limited'
 */
export function errorKey(code: string): TranslationKey {
  return ERROR_KEYS[code] ?? 'error.generic';
}
