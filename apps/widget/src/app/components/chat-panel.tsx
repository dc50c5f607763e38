import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import { authorName } from './author-name.js';
import { Dock } from './dock.js';
import { ErrorBanner } from './error-banner.js';
import { MessageList } from './message-list.js';
import { PanelHeader } from './panel-header.js';

const TITLE_ID = 'parley-panel-title';

/** The open chat: header, conversation, who is typing, and the dock (message box or a form). */
export function ChatPanel({ state }: { state: ChatState }) {
  const { t, commands } = useChat();
  const active = activeSession(state);
  const typist = active ? state.typing[active.id] : undefined;
  return (
    <section class="panel" role="dialog" aria-labelledby={TITLE_ID}>
      <PanelHeader
        titleId={TITLE_ID}
        connection={state.connection}
        // The button goes away with the session; the dock then takes focus (its feedback form).
        onEnd={active ? commands.endChat : undefined}
      />
      <ErrorBanner connectionError={state.connectionError} error={state.error} />
      <MessageList state={state} />
      {typist ? (
        <p class="typing" aria-hidden="true">
          {t('typing.someone', { name: authorName(typist, t) })}
        </p>
      ) : null}
      <Dock state={state} />
    </section>
  );
}
