import { useChat } from '../chat-context.js';
import type { ChatError } from '../chat-reducer.js';
import { errorKey } from '../i18n/error-key.js';

export interface ErrorBannerProps {
  /** Why the connection stopped (it will not retry by itself): offers to try again. */
  connectionError: ChatError | undefined;
  /** A command that failed: can be dismissed. */
  error: ChatError | undefined;
}

export function ErrorBanner({ connectionError, error }: ErrorBannerProps) {
  const { t, commands } = useChat();
  const shown = connectionError ?? error;
  if (!shown) return null;
  return (
    <div class="banner" role="alert">
      <span>{t(errorKey(shown.code))}</span>
      {connectionError ? (
        <button type="button" class="link-button" onClick={commands.reconnect}>
          {t('error.retry')}
        </button>
      ) : (
        <button type="button" class="link-button" onClick={commands.dismissError}>
          {t('error.dismiss')}
        </button>
      )}
    </div>
  );
}
