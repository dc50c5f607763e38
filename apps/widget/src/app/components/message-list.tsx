import type { Author } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { activeSession, type ChatState } from '../chat-reducer.js';
import type { Translate } from '../i18n/translate.js';
import { authorName } from './author-name.js';
import { lazy } from './lazy.js';
import { MessageText } from './message-text.js';
import { statusText } from './status-text.js';
import { type TimelineItem, timelineItems } from './timeline-items.js';

// Quick replies and buttons: a chunk of their own (see `lazy`), fetched as the panel opens.
export const Choices = lazy(() => import('./choices.js').then((m) => m.Choices));

// A file or image in a message (issue 14): its preview, viewer and download are a chunk of their own.
const FileView = lazy(() => import('../files/file-view.js').then((m) => m.loadFileView()));

// Issue 14: time labels, "Sent" and "Seen", and rich content (a chunk of its own again, loaded by
// this one when such a message arrives) are kept out of the start-up budget.
const ReadMark = lazy(() => import('./read-mark.js').then((m) => m.loadReadMark()));

/** Who wrote a message; an agent, a person, also with the initial of their name. */
function AuthorLine({ author, t }: { author: Author; t: Translate }) {
  const name = authorName(author, t);
  if (author.role !== 'agent') return <span class="msg__author">{name}</span>;
  return (
    <span class="msg__author">
      {author.avatar ? (
        <img class="avatar" src={author.avatar} alt="" />
      ) : (
        <span class="avatar" aria-hidden="true">
          {Array.from(name.trim())[0]?.toUpperCase()}
        </span>
      )}
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
      const { author, text, attachment } = item.event;
      const own = author.role === 'visitor';
      return (
        <li class={own ? 'msg msg--own' : 'msg'}>
          {own ? null : <AuthorLine author={author} t={t} />}
          {attachment ? <FileView file={attachment} /> : null}
          {text && !item.event.rich ? <MessageText text={text} /> : null}
          <ReadMark event={item.event} state={state} />
          {own || !(item.event.quickReplies?.length || item.event.buttons?.length) ? null : (
            <Choices event={item.event} latest={latest} />
          )}
        </li>
      );
    }
    case 'pending': {
      const { clientId, text, state } = item.pending;
      return (
        <li class={`msg msg--own msg--${state}`}>
          {text ? <MessageText text={text} /> : null}
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
