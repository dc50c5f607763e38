import { useEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { type ChatState, prechatForm, type Submission, type SubmissionKind } from '../chat-reducer.js';
import { dockView } from '../dock-view.js';
import { Composer } from './composer.js';
import { HandoffButton } from './handoff-button.js';
import { lazy } from './lazy.js';
import { PRIMARY } from './primary.js';
import { queueText } from './queue-text.js';

// Shown only once the widget is in use: split off app.js (see `lazy`). The rating is a chunk of
// its own, so a site whose panel opens on the pre-chat form does not wait for it.
const forms = () => import('./forms.js');
const PrechatForm = lazy(() => forms().then((m) => m.PrechatForm));
const OfflineForm = lazy(() => forms().then((m) => m.OfflineForm));
// The rating and "Email me the transcript" (issue 13) are one chunk: what a closed chat offers.
const ClosedDock = lazy(() => import('./closed-dock.js').then((m) => m.ClosedDock));

/** Fetches the forms' code ahead of need (the panel opened), so none waits when it shows. */
export function preloadForms(): void {
  for (const form of [PrechatForm, OfflineForm, ClosedDock]) void form.preload();
}

const submissionFor = (state: ChatState, kind: SubmissionKind, sessionId: string): Submission | undefined => {
  const submission = state.submissions[kind];
  return submission?.sessionId === sessionId ? submission : undefined;
};

/**
 * The bottom of the panel (see `dockView`). When what it shows changes under the keyboard (the
 * message box goes as the session closes, a form goes once sent), focus moves to the new
 * primary control instead of falling back to the page. Its status line persists, so that the
 * confirmation appearing in it is announced.
 */
export function Dock({ state }: { state: ChatState }) {
  const { t, commands } = useChat();
  const dock = useRef<HTMLDivElement>(null);
  const view = dockView(state);
  const shown =
    view.kind === 'prechat'
      ? 'prechat'
      : view.kind === 'composer'
        ? `composer:${view.session?.status}`
        : `${view.kind}:${'sent' in view ? view.sent : view.after}`;
  const mounted = useRef(false);

  useEffect(() => {
    // Not on the first render: ChatApp focuses the panel as it opens.
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const focused = document.activeElement;
    if (!focused || focused === document.body) dock.current?.querySelector<HTMLElement>(PRIMARY)?.focus();
  }, [shown]);

  const done =
    (view.kind === 'offline' && view.sent) || (view.kind === 'closed' && view.after === 'sent')
      ? t('offline.sent')
      : view.kind === 'closed' && view.after === 'thanks'
        ? t('feedback.thanks')
        : '';

  let body = null;
  if (view.kind === 'prechat') {
    body = <PrechatForm fields={prechatForm(state)} />;
  } else if (view.kind === 'composer') {
    const { session } = view;
    const queue = session?.status === 'queued' && state.queue?.sessionId === session.id ? state.queue : null;
    body = (
      <>
        {session?.status === 'bot' ? (
          <HandoffButton submission={submissionFor(state, 'handoff', session.id)} />
        ) : null}
        {queue ? <p class="dock__bar">{queueText(queue, t)}</p> : null}
        <Composer files={state.site?.files} />
      </>
    );
  } else if (view.kind === 'offline') {
    body = view.sent ? null : (
      <OfflineForm
        sessionId={view.sessionId}
        fields={state.site?.offlineForm ?? []}
        submission={submissionFor(state, 'offline', view.sessionId)}
      />
    );
  } else {
    body = (
      <>
        <ClosedDock state={state} view={view} />
        <div class="dock__bar">
          <button
            type="button"
            class="choice"
            data-primary={view.after === 'ask' ? undefined : ''}
            onClick={commands.newConversation}
          >
            {t('closed.newConversation')}
          </button>
        </div>
      </>
    );
  }

  return (
    <div ref={dock} class="dock">
      <p class="dock__done" role="status">
        {done}
      </p>
      {body}
    </div>
  );
}
