/**
 * The visitor's conversations (issue 12), in the panel in place of the chat: a chunk of its own
 * (`lazy/history-screen.js`), with its stylesheet (history.css) and texts, so the start-up
 * budget carries none of it.
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import { withStylesheet } from '../components/with-stylesheet.js';
import { ConversationList, type ListedConversation } from './conversation-list.js';
import { ConversationView } from './conversation-view.js';
import { canLoadMore, historyReducer, initialHistoryState } from './history-reducer.js';
import { historyTranslate } from './history-texts.js';

export interface HistoryScreenProps {
  state: ChatState;
  /** Back to the chat. */
  onBack(): void;
}

/** The open session as the list shows it, from the live state (the records may lag behind). */
function currentConversation(state: ChatState): ListedConversation | undefined {
  const session = activeSession(state);
  if (!session) return undefined;
  const events = state.events[session.id] ?? [];
  let lastMessage: ListedConversation['lastMessage'] = null;
  for (let i = events.length - 1; i >= 0 && !lastMessage; i--) {
    const event = events[i];
    if (event?.type === 'message') lastMessage = event;
  }
  return { id: session.id, createdAt: session.createdAt, lastMessage };
}

/**
 * Lists the conversations (a page at a time, as the list scrolls), opens one read-only, goes
 * back, or starts a new conversation. Asks through the chat's commands and keeps what they
 * answer in its own reducer (history-reducer.ts); an answer that comes after a newer request,
 * or for a conversation no longer open, is dropped there.
 */
export function HistoryScreen({ state, onBack }: HistoryScreenProps) {
  const { commands, locale } = useChat();
  const h = useMemo(() => historyTranslate(locale), [locale]);
  const [history, dispatch] = useReducer(historyReducer, initialHistoryState);
  const requests = useRef(0);
  /** The conversation last opened: its line takes focus again on the way back. */
  const lastOpened = useRef<string | undefined>(undefined);
  const list = useRef<HTMLDivElement>(null);

  const load = useCallback(
    (before?: string) => {
      const request = ++requests.current;
      dispatch({ type: 'asked', request });
      void commands.history(before).then((answer) => {
        if (!answer.ok) return dispatch({ type: 'failed', request, error: answer.error });
        const { ok: _, ...page } = answer;
        dispatch({ type: 'page', request, page });
      });
    },
    [commands],
  );
  useEffect(() => load(), [load]);

  const more = useCallback(() => {
    if (canLoadMore(history) && history.next) load(history.next);
  }, [history, load]);

  const open = (sessionId: string) => {
    lastOpened.current = sessionId;
    dispatch({ type: 'open', sessionId });
    void commands.conversation(sessionId).then((answer) => {
      if (!answer.ok) return dispatch({ type: 'transcript', sessionId, error: answer.error });
      const { ok: _, ...transcript } = answer;
      dispatch({ type: 'transcript', sessionId, transcript });
    });
  };

  const { opened } = history;
  useEffect(() => {
    if (opened || !lastOpened.current) return;
    list.current?.querySelector<HTMLElement>(`[data-session="${CSS.escape(lastOpened.current)}"]`)?.focus();
  }, [opened]);

  return (
    <div class="history">
      {/* Kept while a conversation is open, hidden: its scroll position and pages stay. */}
      <div ref={list} class="history__screen" hidden={opened !== undefined}>
        <ConversationList
          history={history}
          current={currentConversation(state)}
          h={h}
          onOpen={open}
          onMore={more}
          onRetry={() => load(history.next ?? undefined)}
          onChat={onBack}
          onNew={() => {
            commands.newConversation();
            onBack();
          }}
        />
      </div>
      {opened ? (
        <div class="history__screen">
          <ConversationView
            opened={opened}
            listed={history.sessions.find((session) => session.id === opened.sessionId)}
            h={h}
            onBack={() => dispatch({ type: 'close' })}
            onRetry={() => open(opened.sessionId)}
          />
        </div>
      ) : null}
    </div>
  );
}

/** The screen, once its stylesheet is in (`withStylesheet`). */
export function loadHistoryScreen(): Promise<ComponentType<HistoryScreenProps>> {
  return withStylesheet('history.css', HistoryScreen);
}
