import type { Author, FeedbackScale, SessionEvent } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { DeskFile } from '../files/desk-files.js';
import { formatTime } from '../format/format-time.js';
import { FeedbackSummary } from './feedback-summary.js';
import { FormFields } from './form-fields.js';
import { MessageText } from './message-text.js';
import { authorName, changeReasonName, roleName, statusName } from './names.js';
import { RichSummary } from './rich-summary.js';

function Stamp({ at }: { at: number }) {
  const { locale } = useDesk();
  return (
    <time class="entry__time" dateTime={new Date(at).toISOString()}>
      {formatTime(at, locale)}
    </time>
  );
}

export interface LogEntryProps {
  event: SessionEvent;
  /** The visitor's name from the session (their messages carry none). */
  visitor: string;
  /** The scale of the site's ratings. */
  scale: FeedbackScale;
  /** The session's log, for what a rich message refers to (a form's answer, its form). */
  events?: readonly SessionEvent[];
  /** The latest message of the agent (or bot) that the visitor has read (issue 14). */
  seen?: boolean;
}

/** One entry of a session's log: a message, a status change with its reason, a form, feedback. */
export function LogEntry({ event, visitor, scale, events = [], seen = false }: LogEntryProps) {
  const { t } = useDesk();
  const nameOf = (author: Author) => (author.role === 'visitor' ? visitor : authorName(author, t));
  switch (event.type) {
    case 'message': {
      const name = nameOf(event.author);
      const role = roleName(event.author.role, t);
      return (
        <li class={`entry entry--message entry--${event.author.role}`}>
          <p class="entry__head">
            <span class="entry__author">{name}</span>
            {name === role ? null : <span class="tag">{role}</span>}
            <Stamp at={event.at} />
          </p>
          {event.attachment ? <DeskFile file={event.attachment} /> : null}
          {event.rich || event.formAnswer ? (
            <RichSummary event={event} events={events} />
          ) : event.text ? (
            <MessageText text={event.text} />
          ) : null}
          {seen ? <p class="entry__seen">{t('log.seen')}</p> : null}
        </li>
      );
    }
    case 'session.changed':
      return (
        <li class="entry entry--status">
          <span>
            {event.by?.name
              ? t('log.changedBy', { status: statusName(event.to, t), name: event.by.name })
              : statusName(event.to, t)}
          </span>
          <span class="entry__reason">{changeReasonName(event.reason, t)}</span>
          <Stamp at={event.at} />
        </li>
      );
    case 'form':
      return (
        <li class="entry entry--form">
          <p class="entry__head">
            <span class="entry__author">{t('log.form')}</span>
            <Stamp at={event.at} />
          </p>
          <FormFields fields={event.fields} />
        </li>
      );
    case 'feedback':
      return (
        <li class="entry entry--feedback">
          <p class="entry__head">
            <span class="entry__author">{t('log.feedback', { name: nameOf(event.author) })}</span>
            <Stamp at={event.at} />
          </p>
          <FeedbackSummary feedback={event.feedback} scale={scale} />
        </li>
      );
  }
}
