import type { MessageEvent } from '@parley/protocol';
import { useChat } from '../chat-context.js';
import { authorName } from './author-name.js';

/**
 * Announces each new message from someone else to screen readers. Rendered from the start, as
 * a live region only announces changes made after it is in the document.
 */
export function LiveRegion({ announcement }: { announcement: MessageEvent | undefined }) {
  const { t } = useChat();
  return (
    <div class="sr-only" role="status" aria-live="polite">
      {announcement
        ? t('announce.message', { name: authorName(announcement.author, t), text: announcement.text })
        : ''}
    </div>
  );
}
