import { LIMITS } from '@parley/protocol';
import { useEffect, useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { useTools } from '../app/tools-context.js';
import { formatTime } from '../format/format-time.js';

export interface NotesProps {
  sessionId: string;
}

/**
 * A chat's private notes (issue 15): what colleagues wrote about it, and a box to add one. The
 * server keeps them beside the log and never sends them to the visitor or the bot.
 */
export function Notes({ sessionId }: NotesProps) {
  const { t, locale, commands } = useDesk();
  const notes = useTools().notes[sessionId] ?? [];
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    void commands.loadNotes(sessionId).then((result) => {
      if (!result.ok) setError(t('notes.failed', { reason: result.error.message }));
    });
  }, [sessionId, commands, t]);

  const add = async () => {
    if (text.trim() === '' || busy) return;
    setBusy(true);
    const result = await commands.addNote(sessionId, text);
    setBusy(false);
    if (result.ok) {
      setText('');
      setError('');
    } else setError(t('notes.addFailed', { reason: result.error.message }));
  };

  return (
    <section class="visitor__section notes" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="visitor__subtitle">
        {t('notes.title')}
      </h3>
      <p class="visitor__note">{t('notes.hint')}</p>
      {notes.length === 0 ? (
        <p class="visitor__note">{t('notes.empty')}</p>
      ) : (
        <ol class="notes__list">
          {notes.map((note) => (
            <li key={note.n} class="notes__item">
              <p class="notes__text">{note.text}</p>
              <p class="notes__meta">
                {t('notes.by', {
                  name: note.author.name ?? note.author.id,
                  time: formatTime(note.at, locale),
                })}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form
        class="notes__form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label class="sr-only" for={id}>
          {t('notes.label')}
        </label>
        <textarea
          id={id}
          class="notes__input"
          rows={2}
          value={text}
          maxLength={LIMITS.messageText}
          placeholder={t('notes.label')}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <button type="submit" class="button button--small" disabled={busy || text.trim() === ''}>
          {t('notes.add')}
        </button>
      </form>
      {error ? (
        <p class="notes__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
