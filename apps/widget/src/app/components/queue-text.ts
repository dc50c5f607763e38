import type { QueueNotice } from '@parley/protocol';
import type { Translate } from '../i18n/translate.js';

/**
 * A queued visitor's place in line, with the server's estimated wait when it has one: "less than
 * a minute" under a minute, else whole minutes. The estimate grows with the place in line
 * (apps/server/src/sessions/wait-estimate.ts), and so does the text: rounding every short wait up
 * to "about 1 min" told the first three in line the same (issue 14).
 * @example queueText({ sessionId: 's1', position: 2, etaSeconds: 170 }, t) // 'You are number 2 in line · about 3 min'
 * @example queueText({ sessionId: 's1', position: 1, etaSeconds: 25 }, t) // 'You are number 1 in line · less than a minute'
 */
export function queueText({ position, etaSeconds }: QueueNotice, t: Translate): string {
  if (etaSeconds === null) return t('queue.position', { position });
  if (etaSeconds < 60) return t('queue.positionSoon', { position });
  return t('queue.positionEta', { position, minutes: Math.round(etaSeconds / 60) });
}
