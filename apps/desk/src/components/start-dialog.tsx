import type { VisitorRef } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { MessageField } from './message-field.js';
import { Modal } from './modal.js';
import { useDialogAction } from './use-dialog-action.js';

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
  const { busy, error, run } = useDialogAction(onClose);

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        class="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) void run(() => commands.startConversation(visitor, text));
        }}
      >
        <h2 id={`${id}-title`} class="dialog__title">
          {t('start.title', { name })}
        </h2>
        <MessageField
          id={`${id}-text`}
          label={t('start.text')}
          hint={t('start.hint')}
          value={text}
          onInput={setText}
          error={error}
        />
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
