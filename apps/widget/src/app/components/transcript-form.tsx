import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { type TranscriptKey, transcriptTranslate } from './transcript-texts.js';

/** The visitor's answer, by the server's error code; anything else is a plain failure. */
const ERRORS: Record<string, TranscriptKey> = {
  invalid_payload: 'transcript.invalid',
  rate_limited: 'transcript.limited',
};

type Step =
  | { kind: 'closed' }
  | { kind: 'asking'; error?: TranscriptKey; sending?: true }
  | { kind: 'sent'; to: string };

/**
 * "Email me the transcript" at the end of a chat (issue 13): a button opens an email field,
 * filled in with what the visitor gave before (the pre-chat form); the server mails the ended
 * session's transcript there. Shown only when the site sends transcripts (`SiteInfo.transcripts`).
 */
export function TranscriptForm({ sessionId, email }: { sessionId: string; email: string }) {
  const { commands, locale } = useChat();
  const tt = useMemo(() => transcriptTranslate(locale), [locale]);
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [address, setAddress] = useState(email);
  const input = useRef<HTMLInputElement>(null);
  // The visitor just asked for the field: it takes focus (`autofocus` works only on a page's load).
  const asking = step.kind === 'asking';
  useEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (step.kind !== 'asking' || step.sending) return;
    const to = address.trim();
    if (!input.current?.checkValidity() || !to) {
      setStep({ kind: 'asking', error: 'transcript.invalid' });
      input.current?.focus();
      return;
    }
    setStep({ kind: 'asking', sending: true });
    const answer = await commands.emailTranscript({ sessionId, email: to });
    if (answer.ok) return setStep({ kind: 'sent', to });
    setStep({ kind: 'asking', error: ERRORS[answer.error.code] ?? 'transcript.failed' });
  };

  if (step.kind === 'sent') {
    return (
      <p class="dock__bar" role="status">
        {tt('transcript.sent', { email: step.to })}
      </p>
    );
  }
  if (step.kind === 'closed') {
    return (
      <div class="dock__bar">
        <button type="button" class="choice" onClick={() => setStep({ kind: 'asking' })}>
          {tt('transcript.open')}
        </button>
      </div>
    );
  }
  return (
    <form class="form" noValidate onSubmit={submit}>
      <div class="field">
        <label for={`${id}-email`} class="field__label">
          {tt('transcript.email')}
        </label>
        <input
          ref={input}
          id={`${id}-email`}
          class="field__input"
          type="email"
          autocomplete="email"
          required
          value={address}
          aria-invalid={step.error === 'transcript.invalid' ? true : undefined}
          aria-describedby={step.error ? `${id}-error` : undefined}
          onInput={(event) => setAddress(event.currentTarget.value)}
        />
      </div>
      {step.error ? (
        <p id={`${id}-error`} class="form__error" role="alert">
          {tt(step.error)}
        </p>
      ) : null}
      <button type="submit" class="button">
        {step.sending ? tt('transcript.sending') : tt('transcript.send')}
      </button>
    </form>
  );
}
