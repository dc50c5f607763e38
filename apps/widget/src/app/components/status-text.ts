import type { StatusEvent } from '@parley/protocol';
import type { Translate } from '../i18n/translate.js';

/** The line a status change shows in the conversation (only those `isShownStatus` lets through). */
export function statusText(event: StatusEvent, t: Translate): string {
  switch (event.to) {
    case 'queued':
      return t('status.queued');
    case 'assigned':
      // The server sets `by` to the agent who took the session.
      return event.by?.name ? t('status.assigned', { name: event.by.name }) : t('status.assignedAnonymous');
    case 'bot':
      return t('status.bot');
    case 'offline':
      return t('status.offline');
    default:
      return t('status.closed');
  }
}
