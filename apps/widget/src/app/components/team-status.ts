import type { ChatState } from '../chat-reducer.js';
import { latestSession } from '../chat-reducer.js';
import type { TranslationKey } from '../i18n/en.js';

/**
 * What the header says of the team (issue 14): online or away. The visitor's own session knows
 * best (queued or with an agent: online; sent to the offline form: away); otherwise what the
 * server said as the visitor connected (`SiteInfo.available`). Undefined from an older server
 * that does not say, so nothing is claimed.
 * @example teamStatus(state) // 'availability.away' beside "Nobody is available right now"
 */
export function teamStatus(state: ChatState): TranslationKey | undefined {
  const status = latestSession(state)?.status;
  if (status === 'queued' || status === 'assigned') return 'availability.online';
  if (status === 'offline') return 'availability.away';
  const available = state.site?.available;
  return available === undefined ? undefined : available ? 'availability.online' : 'availability.away';
}
