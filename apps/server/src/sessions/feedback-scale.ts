import { type Feedback, fail, type Result } from '@parley/protocol';
import type { SiteConfig } from '../config/config-schema.js';

/** The score range of each feedback scale. */
const SCALES: Record<SiteConfig['feedbackScale'], { min: number; max: number }> = {
  stars: { min: 1, max: 5 },
  thumbs: { min: 0, max: 1 },
  nps: { min: 0, max: 10 },
};

/**
 * Whether feedback says something, its score fits the site's scale and its tag is one of the
 * site's tags (when it lists any).
 */
export function checkFeedback(site: SiteConfig | undefined, feedback: Feedback): Result<Feedback> {
  if (Object.keys(feedback).length === 0) return fail('invalid_payload', 'Give a score, a tag or a review');
  const tags = site?.feedbackTags ?? [];
  if (feedback.tag !== undefined && tags.length > 0 && !tags.includes(feedback.tag)) {
    return fail('invalid_payload', `The site's feedback tags are ${tags.join(', ')}`);
  }
  const scale = SCALES[site?.feedbackScale ?? 'stars'];
  if (feedback.score !== undefined && (feedback.score < scale.min || feedback.score > scale.max)) {
    return fail('invalid_payload', `The site's scores run from ${scale.min} to ${scale.max}`);
  }
  return { ok: true, value: feedback };
}
