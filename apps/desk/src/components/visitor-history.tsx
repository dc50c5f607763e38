import type { ConversationRecord, VisitorRef } from '@parley/protocol';
import { useEffect, useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { PagedList, VisitorLabel } from '../app/records-state.js';
import { formatTime } from '../format/format-time.js';
import { errorText } from '../i18n/error-text.js';
import { authorName, statusName } from './names.js';

export interface VisitorHistoryProps {
  visitor: VisitorRef;
  /** Who they are, for the transcript's title. */
  label: VisitorLabel;
  list: PagedList<ConversationRecord> | undefined;
  /** The conversation shown beside it: not listed again. */
  current: string;
}

/**
 * A visitor's conversations that the agent may read, newest first, a page at a time (read when
 * it shows); each opens its transcript, read-only.
 */
export function VisitorHistory({ visitor, label, list, current }: VisitorHistoryProps) {
  const { t, locale, commands } = useDesk();
  const id = useId();
  const { siteKey, visitorId } = visitor;
  useEffect(() => commands.loadHistory({ siteKey, visitorId }), [siteKey, visitorId, commands]);

  const others = (list?.items ?? []).filter((session) => session.id !== current);
  return (
    <section class="visitor__section" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} class="visitor__subtitle">
        {t('history.title')}
      </h4>
      {others.length > 0 ? (
        <ul class="history">
          {others.map((session) => (
            <li key={session.id}>
              <button
                type="button"
                class="history__item"
                onClick={() => commands.openTranscript(session.id, label)}
              >
                <span class="history__meta">
                  <time dateTime={new Date(session.createdAt).toISOString()}>
                    {formatTime(session.createdAt, locale)}
                  </time>
                  {t('list.separator')}
                  {statusName(session.status, t)}
                </span>
                <span class="history__text">
                  {session.lastMessage
                    ? t('history.line', {
                        name:
                          session.lastMessage.author.role === 'visitor'
                            ? t('role.visitor')
                            : authorName(session.lastMessage.author, t),
                        text: session.lastMessage.text,
                      })
                    : t('history.noMessage')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="visitor__note" role="status">
        {list?.asking ? t('history.loading') : list?.loaded && others.length === 0 ? t('history.empty') : ''}
      </p>
      {list?.error ? <p class="dialog__error">{errorText(list.error, t)}</p> : null}
      {list?.next && !list.asking ? (
        <button
          type="button"
          class="button button--small"
          onClick={() => commands.loadHistory(visitor, true)}
        >
          {t('history.more')}
        </button>
      ) : null}
    </section>
  );
}
