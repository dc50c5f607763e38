import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskError } from '../app/desk-state.js';
import { MessageField } from './message-field.js';

/**
 * Answers an offline message by email (issue 13): a button opens a reply box under the message;
 * the server sends the reply to the address the visitor left, from the site's address, with
 * replies going to the team. The box stays open with the reason when it fails, and gives way to
 * a confirmation naming the address once sent.
 */
export function OfflineReply({ sessionId, name }: { sessionId: string; name: string }) {
  const { t, commands } = useDesk();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | undefined>();
  const [sentTo, setSentTo] = useState<string>();
  const opener = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  // The agent just asked for the box: it takes focus (`autofocus` works only on a page's load).
  useEffect(() => {
    if (open) box.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setError(undefined);
    opener.current?.focus();
  };
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(undefined);
    const result = await commands.replyOffline(sessionId, text);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setSentTo(result.value.to);
    setText('');
    setOpen(false);
  };

  return (
    <div class="offline-reply">
      <p class="offline-reply__done" role="status">
        {sentTo ? t('offline.replied', { to: sentTo }) : ''}
      </p>
      {open ? (
        <form class="offline-reply__form" onSubmit={onSubmit}>
          <MessageField
            id={`${id}-text`}
            label={t('offline.replyText', { name })}
            hint={t('offline.replyHint')}
            value={text}
            onInput={setText}
            error={error}
            inputRef={box}
          />
          <div class="card__actions">
            <button type="button" class="button button--small" onClick={close}>
              {t('offline.cancel')}
            </button>
            <button
              type="submit"
              class="button button--small button--primary"
              disabled={busy || !text.trim()}
            >
              {busy ? t('offline.sending') : t('offline.send')}
            </button>
          </div>
        </form>
      ) : (
        <button
          ref={opener}
          type="button"
          class="button button--small"
          aria-label={t('offline.replyLabel', { name })}
          onClick={() => setOpen(true)}
        >
          {t('offline.reply')}
        </button>
      )}
    </div>
  );
}
