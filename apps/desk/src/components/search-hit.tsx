import type { SearchHit } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { feedbackScaleOf } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { formatTime } from '../format/format-time.js';
import { HighlightedText } from './highlighted-text.js';
import { LabelTags } from './labels.js';
import { authorName, scoreText, statusName } from './names.js';

/** One conversation found: its visitor, date and status, and its best matching message. */
export function SearchHitCard({ state, hit }: { state: DeskState; hit: SearchHit }) {
  const { t, locale, commands } = useDesk();
  const { session, visitor, message } = hit;
  const name = visitor.name?.trim() || visitor.email || t('visitor.anonymous');
  const author = message
    ? message.author.role === 'visitor'
      ? name
      : authorName(message.author, t)
    : undefined;
  return (
    <li class="card">
      <div class="card__head">
        <h3 class="card__title">{name}</h3>
        <span class="tag">{statusName(session.status, t)}</span>
        <LabelTags labels={hit.labels} />
        <span class="card__meta">
          <time dateTime={new Date(session.createdAt).toISOString()}>
            {formatTime(session.createdAt, locale)}
          </time>
        </span>
      </div>
      {visitor.name && visitor.email ? <p class="card__meta">{visitor.email}</p> : null}
      {message ? (
        <p class="hit__message">
          <span class="entry__author">{t('search.author', { name: author ?? '' })}</span>{' '}
          <HighlightedText segments={message.segments} />
        </p>
      ) : null}
      <p class="card__note">
        {[
          hit.matches > 1 ? t('search.matches', { count: hit.matches }) : '',
          hit.visitorMatch ? t('search.visitorMatch') : '',
          session.rating?.score !== undefined
            ? t('search.rated', {
                score: scoreText(session.rating.score, feedbackScaleOf(state, session.siteKey), t),
              })
            : '',
        ]
          .filter(Boolean)
          .join(t('list.separator'))}
      </p>
      <div class="card__actions">
        <button
          type="button"
          class="button button--small"
          aria-label={t('search.openLabel', { name })}
          onClick={() => commands.openTranscript(session.id, visitor)}
        >
          {t('search.open')}
        </button>
      </div>
    </li>
  );
}
