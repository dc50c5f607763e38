import type { Feedback, FeedbackScale } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { scoreText } from './names.js';

/** A visitor's rating: score (on the site's scale, "4 of 5"), tag and review, whichever were given. */
export function FeedbackSummary({ feedback, scale }: { feedback: Feedback; scale: FeedbackScale }) {
  const { t } = useDesk();
  return (
    <dl class="fields">
      {feedback.score !== undefined ? (
        <div class="fields__row">
          <dt>{t('feedback.score')}</dt>
          <dd>{scoreText(feedback.score, scale, t)}</dd>
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
