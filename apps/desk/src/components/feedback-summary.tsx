import type { Feedback } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';

/** A visitor's rating: score (on the site's scale), tag and review, whichever were given. */
export function FeedbackSummary({ feedback }: { feedback: Feedback }) {
  const { t } = useDesk();
  return (
    <dl class="fields">
      {feedback.score !== undefined ? (
        <div class="fields__row">
          <dt>{t('feedback.score')}</dt>
          <dd>{feedback.score}</dd>
        </div>
      ) : null}
      {feedback.tag ? (
        <div class="fields__row">
          <dt>{t('feedback.tag')}</dt>
          <dd>{feedback.tag}</dd>
        </div>
      ) : null}
      {feedback.review ? (
        <div class="fields__row">
          <dt>{t('feedback.review')}</dt>
          <dd>{feedback.review}</dd>
        </div>
      ) : null}
    </dl>
  );
}
