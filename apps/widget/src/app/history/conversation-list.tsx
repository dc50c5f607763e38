import type { Author } from '@parley/protocol';
import { useEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { authorName } from '../components/author-name.js';
import { formatWhen } from './format-when.js';
import { canLoadMore, type HistoryState } from './history-reducer.js';
import type { HistoryTranslate } from './history-texts.js';

/** A line of the list: when the conversation started and its newest message. */
export interface ListedConversation {
  id: string;
  createdAt: number;
  lastMessage: { author: Author; text: string } | null;
}

export interface ConversationListProps {
  history: HistoryState;
  /** The visitor's open conversation, first: it continues in the chat, not read-only. */
  current: ListedConversation | undefined;
  h: HistoryTranslate;
  onOpen(sessionId: string): void;
  onMore(): void;
  onRetry(): void;
  /** Back to the chat: the current conversation, or a new one. */
  onChat(): void;
  onNew(): void;
}

export const HEADING_ID = 'parley-history-title';

function Item({
  conversation,
  current,
  h,
}: {
  conversation: ListedConversation;
  current?: boolean;
  h: HistoryTranslate;
}) {
  const { t, locale } = useChat();
  const { lastMessage } = conversation;
  return (
    <>
      <span class="conv__top">
        {current ? <span class="conv__tag">{h('history.current')}</span> : null}
        <time class="conv__when" dateTime={new Date(conversation.createdAt).toISOString()}>
          {formatWhen(conversation.createdAt, locale)}
        </time>
      </span>
      <span class="conv__last">
        {lastMessage
          ? t('announce.message', { name: authorName(lastMessage.author, t), text: lastMessage.text })
          : h('history.noMessages')}
      </span>
    </>
  );
}

/**
 * The visitor's conversations, newest first, the open one on top; each opens read-only. Scrolling
 * to the end of the list loads the next page (so does its button, for the keyboard).
 */
export function ConversationList({
  history,
  current,
  h,
  onOpen,
  onMore,
  onRetry,
  onChat,
  onNew,
}: ConversationListProps) {
  const { t } = useChat();
  const more = useRef<HTMLButtonElement>(null);
  const ready = canLoadMore(history);

  useEffect(() => {
    const button = more.current;
    if (!ready || !button) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [ready, onMore]);

  const past = history.sessions.filter((session) => session.id !== current?.id);
  return (
    <>
      <div class="history__bar">
        <button type="button" class="link-button history__back" onClick={onChat}>
          <span class="history__arrow" aria-hidden="true">
            ←
          </span>
          {h('history.backToChat')}
        </button>
      </div>
      <h2 id={HEADING_ID} class="history__title" tabIndex={-1} data-primary="">
        {t('panel.history')}
      </h2>
      <div class="history__scroll">
        <ul class="history__list" aria-labelledby={HEADING_ID}>
          {current ? (
            <li>
              <button type="button" class="conv conv--current" onClick={onChat}>
                <Item conversation={current} current h={h} />
              </button>
            </li>
          ) : null}
          {past.map((session) => (
            <li key={session.id}>
              <button type="button" class="conv" data-session={session.id} onClick={() => onOpen(session.id)}>
                <Item conversation={session} h={h} />
              </button>
            </li>
          ))}
        </ul>
        <div class="history__status" role="status">
          {history.asking !== undefined ? h('history.loading') : ''}
          {history.loaded && !current && past.length === 0 && !history.error ? h('history.empty') : ''}
        </div>
        {history.error ? (
          <p class="history__error" role="alert">
            {h('history.failed')}{' '}
            <button type="button" class="link-button" onClick={onRetry}>
              {t('error.retry')}
            </button>
          </p>
        ) : null}
        {history.next !== null && !history.error ? (
          <button ref={more} type="button" class="choice history__more" onClick={onMore}>
            {h('history.more')}
          </button>
        ) : null}
      </div>
      {current ? null : (
        <div class="dock__bar history__actions">
          <button type="button" class="button" onClick={onNew}>
            {t('messages.newConversation')}
          </button>
        </div>
      )}
    </>
  );
}
