import { type FeedbackScale, type SessionEvent, seenSeq } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { PendingMessage } from '../app/desk-state.js';
import { LogEntry } from './log-entry.js';
import { PendingEntry } from './pending-entry.js';

export interface SessionLogProps {
  events: readonly SessionEvent[];
  /** The agent's messages on their way (none in a read-only preview). */
  pending?: PendingMessage[];
  label: string;
  /** The visitor's name, for their messages. */
  visitor: string;
  /** The scale the site's visitors rate on (stars unless told). */
  scale?: FeedbackScale;
  /** How far the visitor read (issue 14): "Seen" under the latest agent's or bot's message read. */
  visitorRead?: number;
}

/**
 * A session's whole log, bot part included, in seq order, then the agent's messages still on
 * their way. Scrolls to the newest entry as it arrives.
 */
export function SessionLog({
  events,
  pending = [],
  label,
  visitor,
  scale = 'stars',
  visitorRead,
}: SessionLogProps) {
  const { t } = useDesk();
  const list = useRef<HTMLOListElement>(null);
  const lastKey = pending.length > 0 ? pending[pending.length - 1]?.clientId : events[events.length - 1]?.seq;

  useLayoutEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastKey]);

  const seen = seenSeq(events, visitorRead, ['agent', 'bot']);

  if (events.length === 0 && pending.length === 0) return <p class="log log--empty">{t('log.empty')}</p>;
  return (
    // Focusable so keyboard users can scroll it (a scrollable region must be reachable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable
    <ol ref={list} class="log" tabIndex={0} aria-label={label}>
      {events.map((event) => (
        <LogEntry
          key={event.seq}
          event={event}
          visitor={visitor}
          scale={scale}
          events={events}
          seen={event.seq === seen}
        />
      ))}
      {pending.map((message) => (
        <PendingEntry key={message.clientId} message={message} />
      ))}
    </ol>
  );
}
