import { LIMITS } from '@parley/protocol';
import type { Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';

export interface ComposerProps {
  sessionId: string;
  /** The visitor's name, for the label. */
  name: string;
  inputRef: Ref<HTMLTextAreaElement>;
}

/** The reply box: Enter sends, Shift+Enter starts a new line; tells the visitor the agent types. */
export function Composer({ sessionId, name, inputRef }: ComposerProps) {
  const { t, commands } = useDesk();
  const [text, setText] = useState('');
  const id = useId();
  const empty = text.trim() === '';

  const submit = () => {
    if (empty) return;
    commands.send(sessionId, text);
    setText('');
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="sr-only" for={id}>
        {t('composer.label', { name })}
      </label>
      <textarea
        id={id}
        ref={inputRef}
        class="composer__input"
        rows={3}
        value={text}
        maxLength={LIMITS.messageText}
        placeholder={t('composer.placeholder')}
        aria-describedby={`${id}-hint`}
        onInput={(event) => {
          setText(event.currentTarget.value);
          commands.noteTyping(sessionId);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
          event.preventDefault();
          submit();
        }}
      />
      <p id={`${id}-hint`} class="sr-only">
        {t('composer.hint')}
      </p>
      <button type="submit" class="button button--primary" disabled={empty}>
        {t('composer.send')}
      </button>
    </form>
  );
}
