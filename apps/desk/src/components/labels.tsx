import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';

/** A session's labels as small tags (chat list, search results); nothing when it has none. */
export function LabelTags({ labels }: { labels: readonly string[] | undefined }) {
  const { t } = useDesk();
  if (!labels || labels.length === 0) return null;
  return (
    <span class="labels">
      <span class="sr-only">{t('labels.title')}: </span>
      {labels.map((label) => (
        <span key={label} class="label">
          {label}
        </span>
      ))}
    </span>
  );
}

/**
 * A chat's labels (issue 15), each with its remove button, and a box to add some (several at
 * once, comma-separated). The server keeps them lower case and sorted; the chat's summary
 * brings them back (`session.updated`), so colleagues' changes show too.
 */
export function LabelEditor({ sessionId, labels }: { sessionId: string; labels: readonly string[] }) {
  const { t, commands } = useDesk();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const id = useId();

  const change = async (add: string[], remove: string[]) => {
    const result = await commands.label(sessionId, { add, remove });
    if (result.ok) {
      setError('');
      if (add.length > 0) setText('');
    } else setError(t('labels.failed', { reason: result.error.message }));
  };
  const added = () =>
    text
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);

  return (
    <div class="label-editor">
      <span class="sr-only">{t('labels.title')}:</span>
      {labels.map((label) => (
        <span key={label} class="label">
          {label}
          <button
            type="button"
            class="label__remove"
            aria-label={t('labels.remove', { label })}
            onClick={() => void change([], [label])}
          >
            ×
          </button>
        </span>
      ))}
      <form
        class="label-editor__form"
        onSubmit={(event) => {
          event.preventDefault();
          const add = added();
          if (add.length > 0) void change(add, []);
        }}
      >
        <label class="sr-only" for={id}>
          {t('labels.add')}
        </label>
        <input
          id={id}
          class="field__input label-editor__input"
          value={text}
          maxLength={200}
          placeholder={t('labels.placeholder')}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" class="button button--small" disabled={added().length === 0}>
          {t('labels.add')}
        </button>
      </form>
      {error ? (
        <p class="notes__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
