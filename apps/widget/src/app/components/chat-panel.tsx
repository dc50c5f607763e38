import type { RefObject } from 'preact';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import { authorName } from './author-name.js';
import { Composer } from './composer.js';
import { ErrorBanner } from './error-banner.js';
import { MessageList } from './message-list.js';
import { PanelHeader } from './panel-header.js';

const TITLE_ID = 'parley-panel-title';

export interface ChatPanelProps {
  state: ChatState;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

/** The open chat: header, conversation, who is typing, and the message box. */
export function ChatPanel({ state, inputRef }: ChatPanelProps) {
  const { t, commands } = useChat();
  const active = activeSession(state);
  const typist = active ? state.typing[active.id] : undefined;
  return (
    <section class="panel" role="dialog" aria-labelledby={TITLE_ID}>
      <PanelHeader
        titleId={TITLE_ID}
        connection={state.connection}
        // The button goes away with the session: focus moves on to where the next message starts.
        onEnd={
          active
            ? () => {
                commands.endChat();
                inputRef.current?.focus();
              }
            : undefined
        }
      />
      <ErrorBanner connectionError={state.connectionError} error={state.error} />
      <MessageList state={state} />
      {typist ? (
        <p class="typing" aria-hidden="true">
          {t('typing.someone', { name: authorName(typist, t) })}
        </p>
      ) : null}
      <Composer inputRef={inputRef} />
    </section>
  );
}
