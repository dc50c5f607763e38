import { LIMITS } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { SendIcon } from './icons.js';
import { lazy } from './lazy.js';

// Files and images (issue 14): the attach button, picker, paste, drop and upload are a chunk.
const Attach = lazy(() => import('../files/attach.js').then((m) => m.loadAttach()));

const MAX_HEIGHT_PX = 120;

const fit = (input: HTMLTextAreaElement) => {
  // CSSOM writes, which the frame's CSP allows (unlike a style attribute).
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, MAX_HEIGHT_PX)}px`;
};

/** The message box: Enter sends, Shift+Enter starts a new line; grows with its text. */
export function Composer({ files }: { files?: { maxBytes: number; types: string[] } | null | undefined }) {
  const { t, commands } = useChat();
  const [text, setText] = useState('');
  const empty = text.trim() === '';

  const submit = (input: HTMLTextAreaElement | null) => {
    if (empty) return;
    commands.send(text);
    setText('');
    if (input) {
      input.value = '';
      fit(input);
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit(event.currentTarget.querySelector('textarea'));
      }}
    >
      {files ? <Attach limits={files} /> : null}
      <textarea
        class="composer__input"
        data-primary=""
        rows={1}
        value={text}
        maxLength={LIMITS.messageText}
        aria-label={t('composer.label')}
        placeholder={t('composer.placeholder')}
        onInput={(event) => {
          setText(event.currentTarget.value);
          fit(event.currentTarget);
          commands.noteTyping();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
          event.preventDefault();
          submit(event.currentTarget);
        }}
      />
      <button type="submit" class="composer__send" aria-label={t('composer.send')} disabled={empty}>
        <SendIcon />
      </button>
    </form>
  );
}
