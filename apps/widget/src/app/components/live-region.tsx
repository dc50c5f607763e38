import { useChat } from '../chat-context.js';
import type { Announcement } from '../chat-reducer.js';
import type { Translate } from '../i18n/translate.js';
import { authorName } from './author-name.js';
import { queueText } from './queue-text.js';
import { statusText } from './status-text.js';

/** Every announcement names who speaks, so it never repeats a line of the conversation verbatim. */
function announcementText(announcement: Announcement, t: Translate): string {
  switch (announcement.kind) {
    case 'message':
      return t('announce.message', {
        name: authorName(announcement.event.author, t),
        // A file sent alone (issue 14) is announced by its name.
        text: announcement.event.text || (announcement.event.attachment?.name ?? ''),
      });
    case 'status':
      return t('announce.message', { name: t('author.system'), text: statusText(announcement.event, t) });
    case 'queue':
      return t('announce.message', { name: t('author.system'), text: queueText(announcement.notice, t) });
  }
}

/**
 * Announces news to screen readers: a message from someone else, a status change, a new place
 * in line. Rendered from the start, as a live region only announces changes made after it is
 * in the document.
 */
export function LiveRegion({ announcement }: { announcement: Announcement | undefined }) {
  const { t } = useChat();
  return (
    <div class="sr-only" role="status" aria-live="polite">
      {announcement ? announcementText(announcement, t) : ''}
    </div>
  );
}
