import type { Author, MessageEvent } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import type { Translate } from '../i18n/translate.js';
import { authorName } from './author-name.js';
import { lazy } from './lazy.js';
import { statusText } from './status-text.js';
import { type TimelineItem, timelineItems } from './timeline-items.js';

/**
 * What a bot or agent offers under its message: quick replies and reply buttons (each sends its
 * text as the visitor's message) only under the latest message, since an older question has
 * been moved past; link buttons always, opening in a new tab.
 */
function Choices({ event, latest }: { event: MessageEvent; latest: boolean }) {
  const { t, commands } = useChat();
  const replies = latest ? [...(event.quickReplies ?? []).map((text) => ({ label: text, reply: text }))] : [];
  const buttons = (event.buttons ?? []).filter((button) => latest || 'url' in button);
  if (replies.length === 0 && buttons.length === 0) return null;
  return (
    <fieldset class="choices">
      <legend class="sr-only">{t('messages.choices')}</legend>
      {[...buttons, ...replies].map((choice) =>
        'url' in choice ? (
          <a
            key={`url:${choice.url}`}
            class="choice choice--link"
            href={choice.url}
            target="_blank"
            rel="noopener noreferrer"
          >
            {choice.label}
            <span class="sr-only"> {t('messages.opensInNewTab')}</span>
          </a>
        ) : (
          <button
            key={`reply:${choice.label}`}
            type="button"
            class="choice"
            onClick={() => commands.send(choice.reply)}
          >
            {choice.label}
          </button>
        ),
      )}
    </fieldset>
  );
}

// Issue 14: time labels, "Sent" and "Seen", and rich content (a chunk of its own again, loaded by
// this one when such a message arrives) are kept out of the start-up budget.
const ReadMark = lazy(() => import('./read-mark.js').then((m) => m.loadReadMark()));

/** Who wrote a message; an agent, a person, also with the initial of their name. */
function AuthorLine({ author, t }: { author: Author; t: Translate }) {
  const name = authorName(author, t);
  if (author.role !== 'agent') return <span class="msg__author">{name}</span>;
  return (
    <span class="msg__author">
      <span class="avatar" aria-hidden="true">
        {Array.from(name.trim())[0]?.toUpperCase()}
      </span>
      <span>{name}</span>
    </span>
  );
}

interface ItemProps {
  item: TimelineItem;
  latest: boolean;
  state: ChatState;
}

function Item({ item, latest, state }: ItemProps) {
  const { t, commands } = useChat();
  switch (item.kind) {
    case 'divider':
      return <li class="divider">{t('messages.newConversation')}</li>;
    case 'status':
      return <li class="status-line">{statusText(item.event, t)}</li>;
    case 'message': {
      const { author, text } = item.event;
      const own = author.role === 'visitor';
      return (
        <li class={own ? 'msg msg--own' : 'msg'}>
          {own ? null : <AuthorLine author={author} t={t} />}
          {item.event.rich ? null : <p class="msg__bubble">{text}</p>}
          <ReadMark event={item.event} state={state} />
          {own ? null : <Choices event={item.event} latest={latest} />}
        </li>
      );
    }
    case 'pending': {
      const { clientId, text, state } = item.pending;
      return (
        <li class={`msg msg--own msg--${state}`}>
          <p class="msg__bubble">{text}</p>
          {state === 'sending' ? <span class="msg__meta">{t('message.sending')}</span> : null}
          {state === 'failed' ? (
            <span class="msg__meta msg__meta--failed">
              {t('message.failed')}
              <button type="button" class="link-button" onClick={() => commands.retry(clientId)}>
                {t('message.retry')}
              </button>
            </span>
          ) : null}
        </li>
      );
    }
  }
}

/** The conversation: every session, oldest first; scrolls to the newest entry as it arrives. */
export function MessageList({ state }: { state: ChatState }) {
  const { t } = useChat();
  const list = useRef<HTMLOListElement>(null);
  const items = timelineItems(state);
  const lastKey = items[items.length - 1]?.key;
  // Choices are offered only while the conversation they belong to is still open.
  const open = activeSession(state) !== undefined;

  useLayoutEffect(() => {
    const element = list.current;
    if (element && lastKey) element.scrollTop = element.scrollHeight;
  }, [lastKey]);

  if (items.length === 0) {
    return (
      <div class="messages messages--empty">
        <p class="empty">{t('messages.empty')}</p>
      </div>
    );
  }
  return (
    // Focusable so keyboard users can scroll it (a scrollable region must be reachable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable
    <ol ref={list} class="messages" tabIndex={0} aria-label={t('messages.label')}>
      {items.map((item) => (
        <Item key={item.key} item={item} latest={item.key === lastKey && open} state={state} />
      ))}
    </ol>
  );
}
