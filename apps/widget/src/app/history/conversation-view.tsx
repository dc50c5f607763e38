import type { ConversationRecord, SessionEvent } from '@parley/protocol';
import { useEffect, useRef } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { isShownStatus } from '../chat-reducer.js';
import { authorName } from '../components/author-name.js';
import { MessageText } from '../components/message-text.js';
import { statusText } from '../components/status-text.js';
import { FileView } from '../files/file-view.js';
import { withFilesCss } from '../files/files-css.js';
import { formatClock, formatWhen } from './format-when.js';
import type { OpenedConversation } from './history-reducer.js';
import type { HistoryKey, HistoryTranslate } from './history-texts.js';

export interface ConversationViewProps {
  opened: OpenedConversation;
  /** The conversation as the list showed it: its date is known before its events are in. */
  listed: ConversationRecord | undefined;
  h: HistoryTranslate;
  onBack(): void;
  onRetry(): void;
}

/** What the end of a read-only conversation says in place of the message box. */
function endKey(session: ConversationRecord): HistoryKey {
  if (session.deleted) return 'history.deleted';
  return session.status === 'closed' ? 'history.ended' : 'history.ongoing';
}

/** A message with its time, or a status change the chat showed as a line of its own. */
function Entry({ event }: { event: SessionEvent }) {
  const { t, locale } = useChat();
  const time = (
    <time class="msg__meta" dateTime={new Date(event.at).toISOString()}>
      {formatClock(event.at, locale)}
    </time>
  );
  if (event.type === 'session.changed') {
    return isShownStatus(event) ? <li class="status-line">{statusText(event, t)}</li> : null;
  }
  if (event.type !== 'message') return null;
  const own = event.author.role === 'visitor';
  return (
    <li class={own ? 'msg msg--own' : 'msg'}>
      {own ? (
        <span class="sr-only">{t('message.you')}</span>
      ) : (
        <span class="msg__author">{authorName(event.author, t)}</span>
      )}
      {event.attachment ? <FileView file={event.attachment} /> : null}
      {event.text ? <MessageText text={event.text} /> : null}
      {time}
    </li>
  );
}

/**
 * One of the visitor's conversations, read-only: its messages with their times, and how it
 * ended where the message box would be. Takes focus (its heading) as it opens.
 */
export function ConversationView({ opened, listed, h, onBack, onRetry }: ConversationViewProps) {
  const { t, locale } = useChat();
  const heading = useRef<HTMLHeadingElement>(null);
  const { transcript, error } = opened;
  const session = transcript?.session ?? listed;

  useEffect(() => heading.current?.focus(), []);
  // The files' stylesheet, for the files and images in the conversation (issue 14).
  useEffect(() => {
    withFilesCss(FileView).catch(reportError);
  }, []);

  return (
    <>
      <div class="history__bar">
        <button type="button" class="link-button history__back" onClick={onBack}>
          <span class="history__arrow" aria-hidden="true">
            ←
          </span>
          {h('history.back')}
        </button>
      </div>
      <h2 ref={heading} class="history__title" tabIndex={-1}>
        {session
          ? h('history.conversation', { date: formatWhen(session.createdAt, locale) })
          : t('panel.history')}
      </h2>
      {transcript ? (
        // Focusable so keyboard users can scroll it (a scrollable region must be reachable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable
        <ol class="messages" tabIndex={0} aria-label={t('messages.label')}>
          {transcript.events.map((event) => (
            <Entry key={event.seq} event={event} />
          ))}
        </ol>
      ) : (
        <div class="messages messages--empty">
          {error ? (
            <p class="history__error" role="alert">
              {h('history.failedOne')}{' '}
              <button type="button" class="link-button" onClick={onRetry}>
                {t('error.retry')}
              </button>
            </p>
          ) : (
            <p class="empty" role="status">
              {h('history.loading')}
            </p>
          )}
        </div>
      )}
      {transcript ? <p class="history__end">{h(endKey(transcript.session))}</p> : null}
    </>
  );
}
