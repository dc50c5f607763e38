import { useEffect, useRef, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import { dockView } from '../dock-view.js';
import { authorName } from './author-name.js';
import { Dock } from './dock.js';
import { ErrorBanner } from './error-banner.js';
import { lazy } from './lazy.js';
import { MessageList } from './message-list.js';
import { PanelHeader } from './panel-header.js';
import { PRIMARY } from './primary.js';

const TITLE_ID = 'parley-panel-title';

// The visitor's earlier conversations: a chunk of its own, with its styles and texts, fetched
// the first time the list is asked for (see `lazy`).
const HistoryScreen = lazy(() => import('../history/history-screen.js').then((m) => m.loadHistoryScreen()));

/**
 * The open chat: header, conversation, who is typing, and the dock (message box or a form); or,
 * from the header, the visitor's conversations in its place.
 */
export function ChatPanel({ state }: { state: ChatState }) {
  const { t } = useChat();
  const [history, setHistory] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const active = activeSession(state);
  const typist = active ? state.typing[active.id] : undefined;

  // Back from the list: the message box (or the form in its place) takes focus, as on opening.
  const shown = useRef(history);
  useEffect(() => {
    if (shown.current && !history) panel.current?.querySelector<HTMLElement>(PRIMARY)?.focus();
    shown.current = history;
  }, [history]);

  return (
    // Before the pre-chat form, the greeting keeps to one line or two and the form gets the rest (issue 14).
    <section
      ref={panel}
      class={dockView(state).kind === 'prechat' ? 'panel panel--form' : 'panel'}
      role="dialog"
      aria-labelledby={TITLE_ID}
    >
      <PanelHeader
        titleId={TITLE_ID}
        state={state}
        onHistory={history ? undefined : () => setHistory(true)}
      />
      <ErrorBanner connectionError={state.connectionError} error={state.error} />
      {history ? (
        <HistoryScreen state={state} onBack={() => setHistory(false)} />
      ) : (
        <>
          <MessageList state={state} />
          {typist ? (
            <p class="typing" aria-hidden="true">
              {t('typing.someone', { name: authorName(typist, t) })}
            </p>
          ) : null}
          <Dock state={state} />
        </>
      )}
    </section>
  );
}
