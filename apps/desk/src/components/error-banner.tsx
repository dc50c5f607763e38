import { useDesk } from '../app/desk-context.js';
import type { DeskError } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';

export interface ErrorBannerProps {
  /** Why the connection stopped (it will not retry by itself): offers to connect again. */
  connectionError: DeskError | undefined;
  /** A command that failed: can be dismissed. */
  error: DeskError | undefined;
}

/** The one place failures show: what failed and why, with the server's own words apart. */
export function ErrorBanner({ connectionError, error }: ErrorBannerProps) {
  const { t, commands } = useDesk();
  const shown = connectionError ?? error;
  if (!shown) return null;
  return (
    <div class="banner" role="alert">
      <p class="banner__text">
        {errorText(shown, t)}
        {shown.message ? (
          <span class="banner__details">{t('error.details', { message: shown.message })}</span>
        ) : null}
      </p>
      {connectionError ? (
        <button type="button" class="button button--small" onClick={commands.reconnect}>
          {t('connection.retry')}
        </button>
      ) : (
        <button type="button" class="button button--small" onClick={commands.dismissError}>
          {t('error.dismiss')}
        </button>
      )}
    </div>
  );
}
