import { hasMarkup } from '@parley/protocol/markup/has-markup';
import { useEffect, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import type { Announcement } from '../chat-reducer.js';
import type { Translate } from '../i18n/translate.js';
import { authorName } from './author-name.js';
import { queueText } from './queue-text.js';
import { statusText } from './status-text.js';

/**
 * A message's text as a screen reader should say it: a formatted one without its markers
 * (`**Bob**` is "Bob"), once the renderer's chunk is here (its bubble fetches it too); until
 * then, nothing.
 */
function useSpoken(text: string): string | undefined {
  const formatted = hasMarkup(text);
  const [spoken, setSpoken] = useState<{ text: string; plain: string }>();
  useEffect(() => {
    if (!formatted) return;
    let current = true;
    void import('../markup/rich-text.js').then((m) => {
      if (current) setSpoken({ text, plain: m.spokenText(text) });
    });
    return () => {
      current = false;
    };
  }, [text, formatted]);
  if (!formatted) return text;
  return spoken?.text === text ? spoken.plain : undefined;
}

/** Every announcement names who speaks, so it never repeats a line of the conversation verbatim. */
function announcementText(announcement: Announcement, t: Translate, spoken: string | undefined): string {
  switch (announcement.kind) {
    case 'message':
      if (spoken === undefined) return '';
      return t('announce.message', {
        name: authorName(announcement.event.author, t),
        // A file sent alone (issue 14) is announced by its name.
        text: spoken || (announcement.event.attachment?.name ?? ''),
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
  const spoken = useSpoken(announcement?.kind === 'message' ? announcement.event.text : '');
  return (
    <div class="sr-only" role="status" aria-live="polite">
      {announcement ? announcementText(announcement, t, spoken) : ''}
    </div>
  );
}
