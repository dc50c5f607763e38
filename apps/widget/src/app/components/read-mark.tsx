/**
 * What the message list shows around a message beyond its plain text (issue 14): the time label
 * above it (after a pause, or on another day), a rich message's content (its own chunk, loaded
 * once such a message arrives), and under the visitor's own "Sent" or "Seen". A chunk of its own
 * (see `lazy`), so the start-up budget pays nothing for it; `.time-label` goes first by CSS
 * order, since this renders after the author's name.
 */
import type { MessageEvent } from '@parley/protocol';
import { useChat } from '../chat-context.js';
import type { ChatState } from '../chat-reducer.js';
import { lazy } from './lazy.js';
import { receiptTranslate } from './receipt-texts.js';
import { timeLabel } from './time-label.js';
import { withStylesheet } from './with-stylesheet.js';

const RichMessage = lazy(() => import('./rich-message.js').then((m) => m.loadRichMessage()));

export interface ReadMarkProps {
  event: MessageEvent;
  state: ChatState;
}

/**
 * What the list knows around a message: when the message before it was sent (a time label
 * shows after a pause), the visitor's newest message the server stored ("Sent"), and their
 * newest one the agent or the bot has read ("Seen", issue 14), over every session shown.
 */
export function around(event: MessageEvent, state: ChatState) {
  let last: number | undefined;
  let before: number | undefined;
  let sent: MessageEvent | undefined;
  let seen: MessageEvent | undefined;
  for (const sessionId of state.order) {
    const mark = state.seenUpTo?.[sessionId] ?? 0;
    for (const e of state.events[sessionId] ?? []) {
      if (e.type !== 'message') continue;
      if (e === event) before = last;
      last = e.at;
      if (e.author.role !== 'visitor') continue;
      sent = e;
      if (e.seq <= mark) seen = e;
    }
  }
  return { before, sent: sent === event, seen: seen === event };
}

export function ReadMark({ event, state }: ReadMarkProps) {
  const { t, locale } = useChat();
  const { before, sent, seen } = around(event, state);
  const label = timeLabel(event.at, before, Date.now(), locale);
  return (
    <>
      {label ? (
        <time class="time-label" dateTime={new Date(event.at).toISOString()}>
          {label}
        </time>
      ) : null}
      {event.rich ? <RichMessage event={event} state={state} /> : null}
      {seen ? (
        <span class="msg__meta">{receiptTranslate(locale)('receipt.seen')}</span>
      ) : sent ? (
        <span class="msg__meta">{t('message.sent')}</span>
      ) : null}
    </>
  );
}

/** The component, once its stylesheet is in. */
export const loadReadMark = () => withStylesheet('read-mark.css', ReadMark);
