import { type FeedbackScale, LIMITS } from '@parley/protocol';
import type { ComponentChild } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import { type FeedbackTranslate, feedbackTranslate } from './feedback-texts.js';
import { ThumbIcon } from './icons.js';
import { SubmitStatus } from './submit-status.js';

const ERROR_ID = 'parley-score-error';
const REVIEW_ID = 'parley-review';

/** The scores of each scale, in the order they are offered. */
const SCORES: Record<FeedbackScale, number[]> = {
  stars: [1, 2, 3, 4, 5],
  thumbs: [1, 0],
  nps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
};

/** What a score is called (the radio's name) and, for stars and thumbs, the glyph shown instead. */
function scoreLabel(
  scale: FeedbackScale,
  score: number,
  t: FeedbackTranslate,
): [name: string, glyph?: ComponentChild] {
  if (scale === 'stars') return [score === 1 ? t('feedback.star') : t('feedback.stars', { score }), <>★</>];
  if (scale === 'thumbs') return [t(score ? 'feedback.up' : 'feedback.down'), <ThumbIcon />];
  return [String(score)];
}

export interface FeedbackFormProps {
  sessionId: string;
  scale: FeedbackScale;
  /** The site's tags (`SiteInfo.feedbackTags`): the visitor may pick one. */
  tags: readonly string[];
  submission: Submission | undefined;
  /** The site's own texts (`SiteInfo.texts`): they replace the form's by the same keys. */
  siteTexts?: Readonly<Record<string, string>>;
}

/**
 * Rates a closed session on the site's scale (a radio group), with an optional tag (toggle
 * buttons: pressing the picked one again drops it) and an optional review.
 */
export function FeedbackForm({ sessionId, scale, tags, submission, siteTexts }: FeedbackFormProps) {
  const { commands, locale } = useChat();
  const t = useMemo(() => feedbackTranslate(locale, siteTexts), [locale, siteTexts]);
  const [score, setScore] = useState<number>();
  const [tag, setTag] = useState<string>();
  const [review, setReview] = useState('');
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (score === undefined) {
      setMissing(true);
      document.querySelector<HTMLElement>('.rating input')?.focus();
      return;
    }
    commands.sendFeedback(sessionId, score, review, tag);
  };

  return (
    <form class="form" noValidate onSubmit={onSubmit}>
      <fieldset class={`rating rating--${scale}`}>
        <legend class="form__title">{t(scale === 'nps' ? 'feedback.nps' : 'feedback.title')}</legend>
        {SCORES[scale].map((value, index) => {
          const [name, glyph] = scoreLabel(scale, value, t);
          // Stars light up to the one chosen; thumbs and numbers only the one chosen.
          const on = score !== undefined && (scale === 'stars' ? value <= score : value === score);
          return (
            <label key={value} class={on ? 'rating__option rating__option--on' : 'rating__option'}>
              <input
                type="radio"
                class="rating__input"
                name="score"
                value={value}
                checked={value === score}
                aria-describedby={missing ? ERROR_ID : undefined}
                data-primary={index === 0 ? '' : undefined}
                onChange={() => {
                  setScore(value);
                  setMissing(false);
                }}
              />
              {glyph ? (
                <>
                  <span aria-hidden="true">{glyph}</span>
                  <span class="sr-only">{name}</span>
                </>
              ) : (
                name
              )}
            </label>
          );
        })}
      </fieldset>
      {missing ? (
        <p id={ERROR_ID} class="field__error">
          {t('feedback.scoreRequired')}
        </p>
      ) : null}
      {tags.length > 0 ? (
        <fieldset class="choices">
          <legend class="field__label">{t('feedback.tags')}</legend>
          {tags.map((name) => (
            <button
              key={name}
              type="button"
              class="choice"
              aria-pressed={tag === name}
              onClick={() => setTag(tag === name ? undefined : name)}
            >
              {name}
            </button>
          ))}
        </fieldset>
      ) : null}
      <div class="field">
        <label for={REVIEW_ID} class="field__label">
          {t('feedback.review')}
        </label>
        <textarea
          id={REVIEW_ID}
          class="field__input"
          rows={2}
          value={review}
          maxLength={LIMITS.messageText}
          onInput={(event) => setReview(event.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button">
        {t('feedback.submit')}
      </button>
      <SubmitStatus submission={submission} />
    </form>
  );
}
