import type { VisitorRef } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskError } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { Modal } from './modal.js';

/** At most what a chat message may hold (the server checks it too). */
const MAX_MESSAGE = 4000;

export interface StartDialogProps {
  visitor: VisitorRef;
  /** The visitor's name as shown, or "Visitor". */
  name: string;
  onClose(): void;
}

/**
 * The agent's first message of a conversation they start with a visitor seen before (issue 15,
 * item 5). Once the server agrees the chat is the agent's, in their list and shown; a refusal
 * (the visitor is in a conversation already, or unknown) stays in the dialog with its reason.
 */
export function StartDialog({ visitor, name, onClose }: StartDialogProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | undefined>();

  const start = async () => {
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(undefined);
    const result = await commands.startConversation(visitor, text);
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        class="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <h2 id={`${id}-title`} class="dialog__title">
          {t('start.title', { name })}
        </h2>
        <label class="field__label" for={`${id}-text`}>
          {t('start.text')}
        </label>
        <textarea
          id={`${id}-text`}
          class="field__input"
          rows={4}
          maxLength={MAX_MESSAGE}
          value={text}
          aria-describedby={`${id}-hint`}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <p id={`${id}-hint`} class="field__hint">
          {t('start.hint')}
        </p>
        {error ? (
          <p class="dialog__error" role="alert">
            {errorText(error, t)}
            <span class="banner__details">{t('error.details', { message: error.message })}</span>
          </p>
        ) : null}
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onClose}>
            {t('start.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={busy || !text.trim()}>
            {busy ? t('start.sending') : t('start.send')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
