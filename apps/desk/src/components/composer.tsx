import { LIMITS } from '@parley/protocol';
import type { Ref } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { uploadForSession } from '../files/desk-files.js';
import { type CannedContext, useCannedPicker } from './canned-picker.js';

export interface ComposerProps {
  sessionId: string;
  /** The visitor's name, for the label. */
  name: string;
  inputRef: Ref<HTMLTextAreaElement>;
  /** The chat's site and placeholder values, for canned responses typed with `/` (issue 15). */
  canned?: CannedContext;
}

/** The reply box: Enter sends, Shift+Enter starts a new line; tells the visitor the agent types. */
export function Composer({ sessionId, name, inputRef, canned }: ComposerProps) {
  const { t, commands } = useDesk();
  const [text, setText] = useState('');
  const picker = useCannedPicker(text, setText, canned);
  const id = useId();
  const empty = text.trim() === '';
  const filePicker = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<{ name: string; progress: number; abort(): void } | null>(null);
  const [uploadError, setUploadError] = useState('');

  /** Uploads the chosen file, then sends it (with the text typed so far, if any). */
  const attach = (file: File | undefined) => {
    if (!file || upload) return;
    setUploadError('');
    const task = uploadForSession(file, sessionId, commands.fileHeaders(), (progress) =>
      setUpload((now) => now && { ...now, progress }),
    );
    setUpload({ name: file.name, progress: 0, abort: task.abort });
    void task.done.then((answer) => {
      setUpload(null);
      if (answer.ok) {
        commands.send(sessionId, text, answer.attachment.id);
        setText('');
      } else if (answer.error.code !== 'cancelled') {
        setUploadError(t('composer.uploadFailed', { name: file.name, reason: answer.error.message }));
      }
    });
  };

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
      {picker.list}
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
        {...picker.inputProps}
        onInput={(event) => {
          setText(event.currentTarget.value);
          commands.noteTyping(sessionId);
        }}
        onKeyDown={(event) => {
          if (picker.onKeyDown(event)) return;
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
          event.preventDefault();
          submit();
        }}
      />
      <p id={`${id}-hint`} class="sr-only">
        {t('composer.hint')} {canned ? t('canned.hint') : ''}
      </p>
      <input
        ref={filePicker}
        type="file"
        hidden
        onChange={(event) => {
          attach(event.currentTarget.files?.[0]);
          event.currentTarget.value = '';
        }}
      />
      <button
        type="button"
        class="button"
        disabled={upload !== null}
        onClick={() => filePicker.current?.click()}
      >
        {t('composer.attach')}
      </button>
      <button type="submit" class="button button--primary" disabled={empty}>
        {t('composer.send')}
      </button>
      {upload ? (
        <p class="composer__upload" role="status">
          <span>{t('composer.uploading', { name: upload.name })}</span>
          <progress
            max={1}
            value={upload.progress}
            aria-label={t('composer.uploading', { name: upload.name })}
          />
          <button type="button" class="button" onClick={upload.abort}>
            {t('composer.cancel')}
          </button>
        </p>
      ) : null}
      {uploadError ? (
        <p class="composer__upload composer__upload--error" role="alert">
          {uploadError}
        </p>
      ) : null}
    </form>
  );
}
