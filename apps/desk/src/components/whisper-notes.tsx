import type { AgentNote } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { formatTime } from '../format/format-time.js';

/**
 * A chat's whispers (issue 15): private notes from a supervisor, which only agents see. Shown
 * apart from the log, which is what the visitor sees too.
 */
export function WhisperNotes({ notes }: { notes: readonly AgentNote[] | undefined }) {
  const { t, locale } = useDesk();
  if (!notes || notes.length === 0) return null;
  return (
    <section class="whispers" aria-label={t('note.list')}>
      <ol class="whispers__list" aria-live="polite">
        {notes.map((note) => (
          <li key={`${note.author.id}:${note.clientId}`} class="whisper">
            <p class="whisper__head">
              <span>{t('note.from', { name: note.author.name ?? note.author.id })}</span>{' '}
              <time class="entry__time" dateTime={new Date(note.at).toISOString()}>
                {formatTime(note.at, locale)}
              </time>
            </p>
            <p class="whisper__text">{note.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
