import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../config/config-schema.js';
import { checkFeedback } from './feedback-scale.js';

const site = (feedbackScale: SiteConfig['feedbackScale'], feedbackTags: string[] = []) =>
  ({ key: 'demo', feedbackScale, feedbackTags }) as SiteConfig;

describe('the feedback check', () => {
  it('takes a score on the site’s scale, a tag of its list and a review', () => {
    const feedback = { score: 5, tag: 'Fast', review: 'Great' };
    expect(checkFeedback(site('stars', ['Fast', 'Friendly']), feedback)).toEqual({
      ok: true,
      value: feedback,
    });
    expect(checkFeedback(site('nps'), { score: 0 })).toMatchObject({ ok: true });
    // A site without tags takes any (a bot may tag its own feedback).
    expect(checkFeedback(site('thumbs'), { score: 1, tag: 'anything' })).toMatchObject({ ok: true });
  });

  it.each([
    ['nothing', site('stars'), {}],
    ['a score off the scale', site('stars'), { score: 0 }],
    ['a score over NPS', site('nps'), { score: 11 }],
    ['a tag the site does not list', site('stars', ['Fast']), { score: 4, tag: 'Slow' }],
  ])('refuses %s', (_, given, feedback) => {
    expect(checkFeedback(given, feedback)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
