import { useDesk } from '../app/desk-context.js';
import type { PendingMessage } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { MessageText } from './message-text.js';

/** One of the agent's messages on its way: sending, or failed with the reason and a retry. */
export function PendingEntry({ message }: { message: PendingMessage }) {
  const { t, commands } = useDesk();
  return (
    <li class={`entry entry--message entry--agent entry--${message.state}`}>
      <MessageText text={message.text} />
      {message.state === 'failed' ? (
        <p class="entry__meta entry__meta--failed">
          {message.error ? errorText(message.error, t) : t('message.failed')}{' '}
          <button type="button" class="link-button" onClick={() => commands.retry(message.clientId)}>
            {t('message.retry')}
          </button>
        </p>
      ) : (
        <p class="entry__meta">{t('message.sending')}</p>
      )}
    </li>
  );
}
