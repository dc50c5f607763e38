import type { QueueNotice } from '@parley/protocol';
import type { Translate } from '../i18n/translate.js';

/**
 * A queued visitor's place in line, with the estimated wait in whole minutes (at least one)
 * when the server has one.
 * @example queueText({ sessionId: 's1', position: 2, etaSeconds: 170 }, t) // 'You are number 2 in line · about 3 min'
 */
export function queueText({ position, etaSeconds }: QueueNotice, t: Translate): string {
  return etaSeconds === null
    ? t('queue.position', { position })
    : t('queue.positionEta', { position, minutes: Math.max(1, Math.round(etaSeconds / 60)) });
}
