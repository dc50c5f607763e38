import { useDesk } from '../app/desk-context.js';
import type { DeskError } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';

/** Why an action in a dialog failed, announced as an alert, with the server's own words after. */
export function ErrorAlert({ error }: { error: DeskError | undefined }) {
  const { t } = useDesk();
  return error ? (
    <p class="dialog__error" role="alert">
      {errorText(error, t)}
      <span class="banner__details">{t('error.details', { message: error.message })}</span>
    </p>
  ) : null;
}
