import type { Ref } from 'preact';
import type { DeskError } from '../app/desk-state.js';
import { ErrorAlert } from './error-alert.js';

/** At most what a chat message may hold (the server checks it too). */
export const MAX_MESSAGE = 4000;

export interface MessageFieldProps {
  /** The textarea's id; its hint is `${id}-hint`. */
  id: string;
  label: string;
  hint: string;
  value: string;
  onInput(value: string): void;
  /** Why the last try failed, shown under the box as an alert with the server's words. */
  error?: DeskError | undefined;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/**
 * A labelled box for a message the desk sends on the agent's behalf (an offline reply by email,
 * the first message of a conversation they start), with its hint and the last failure.
 */
export function MessageField({ id, label, hint, value, onInput, error, inputRef }: MessageFieldProps) {
  return (
    <>
      <label class="field__label" for={id}>
        {label}
      </label>
      <textarea
        ref={inputRef}
        id={id}
        class="field__input"
        rows={4}
        maxLength={MAX_MESSAGE}
        value={value}
        aria-describedby={`${id}-hint`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="field__hint">
        {hint}
      </p>
      <ErrorAlert error={error} />
    </>
  );
}
