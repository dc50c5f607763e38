import type { DeskError, DeskTask } from '../app/desk-state.js';
import type { TranslationKey } from './en.js';
import type { Translate } from './translate.js';

const CODE_KEYS: Record<string, TranslationKey> = {
  unauthorized: 'error.unauthorized',
  expired: 'error.expired',
  rate_limited: 'error.rate_limited',
  unavailable: 'error.unavailable',
  invalid_payload: 'error.invalid_payload',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  invalid_transition: 'error.invalid_transition',
  session_closed: 'error.session_closed',
  payload_too_large: 'error.payload_too_large',
  network: 'error.network',
  timeout: 'error.timeout',
  not_connected: 'error.not_connected',
  connect_failed: 'error.connect_failed',
  not_configured: 'error.not_configured',
  sso_expired: 'error.sso_expired',
  sso_denied: 'error.sso_denied',
  sso_failed: 'error.sso_failed',
  sso_no_email: 'error.sso_no_email',
  sso_unverified: 'error.sso_unverified',
  sso_unknown_agent: 'error.sso_unknown_agent',
};

const TASK_KEYS: Record<DeskTask, TranslationKey> = {
  login: 'task.login',
  logout: 'task.logout',
  sync: 'task.sync',
  presence: 'task.presence',
  site: 'task.site',
  accept: 'task.accept',
  preview: 'task.preview',
  transfer: 'task.transfer',
  handback: 'task.handback',
  close: 'task.close',
  queue: 'task.queue',
  offline: 'task.offline',
  search: 'task.search',
  transcript: 'task.transcript',
  history: 'task.history',
  export: 'task.export',
  erase: 'task.erase',
  audit: 'task.audit',
  reports: 'task.reports',
  reply: 'task.reply',
  supervise: 'task.supervise',
  start: 'task.start',
};

/** Where one code means something particular to one task. */
const TASK_CODE_KEYS: Partial<Record<DeskTask, Record<string, TranslationKey>>> = {
  accept: { conflict: 'error.conflict.accept', invalid_transition: 'error.invalid_transition.accept' },
  transfer: { conflict: 'error.conflict.transfer' },
  transcript: { not_found: 'error.not_found.records' },
  history: { not_found: 'error.not_found.records' },
  start: { conflict: 'error.conflict.start', not_found: 'error.not_found.start' },
};

/**
 * The sentence for an error: what failed (its task) and why (its code). Codes without a text of
 * their own (a bug, `internal`) share the generic one; the server's own message is shown apart.
 * @example errorText({ code: 'conflict', message: '…', task: 'accept' }, t) // 'Could not accept the chat: …'
 */
export function errorText(error: DeskError, t: Translate): string {
  const special = error.task ? TASK_CODE_KEYS[error.task]?.[error.code] : undefined;
  const reason = t(special ?? CODE_KEYS[error.code] ?? 'error.generic');
  return error.task ? t(TASK_KEYS[error.task], { reason }) : reason;
}
