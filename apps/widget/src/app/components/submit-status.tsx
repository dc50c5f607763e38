import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import { errorKey } from '../i18n/error-key.js';

/**
 * How a form's request is going, next to its button: "Sending…", or why it failed (pressing the
 * button again retries). Nothing once it is done: the dock then shows what comes next.
 */
export function SubmitStatus({ submission }: { submission: Submission | undefined }) {
  const { t } = useChat();
  if (submission?.state === 'sending') return <p class="form__note">{t('message.sending')}</p>;
  if (submission?.state !== 'failed' || !submission.error) return null;
  return (
    <p class="form__error" role="alert">
      {t(errorKey(submission.error.code))}
    </p>
  );
}
