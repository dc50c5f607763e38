/**
 * What a bot or agent offers under a message, kept out of app.js (`lazy/choices.js`): the panel
 * fetches it as it opens (`preloadForms`), before any message with choices shows.
 */
import type { MessageEvent } from '@parley/protocol';
import { useChat } from '../chat-context.js';

/**
 * What a bot or agent offers under its message: quick replies and reply buttons (each sends its
 * text as the visitor's message) only under the latest message, since an older question has
 * been moved past; link buttons always, opening in a new tab.
 */
export function Choices({ event, latest }: { event: MessageEvent; latest: boolean }) {
  const { t, commands } = useChat();
  const replies = latest ? [...(event.quickReplies ?? []).map((text) => ({ label: text, reply: text }))] : [];
  const buttons = (event.buttons ?? []).filter((button) => latest || 'url' in button);
  if (replies.length === 0 && buttons.length === 0) return null;
  return (
    <fieldset class="choices">
      <legend class="sr-only">{t('messages.choices')}</legend>
      {[...buttons, ...replies].map((choice) =>
        'url' in choice ? (
          <a
            key={`url:${choice.url}`}
            class="choice choice--link"
            href={choice.url}
            target="_blank"
            rel="noopener noreferrer"
          >
            {choice.label}
            <span class="sr-only"> {t('messages.opensInNewTab')}</span>
          </a>
        ) : (
          <button
            key={`reply:${choice.label}`}
            type="button"
            class="choice"
            onClick={() => commands.send(choice.reply)}
          >
            {choice.label}
          </button>
        ),
      )}
    </fieldset>
  );
}
