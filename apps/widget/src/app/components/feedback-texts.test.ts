import { describe, expect, it } from 'vitest';
import { feedbackTranslate } from './feedback-texts.js';

describe('feedbackTranslate', () => {
  it('speaks the widget language, with English for any other', () => {
    expect(feedbackTranslate('de')('feedback.submit')).toBe('Bewertung senden');
    expect(feedbackTranslate('ar')('feedback.stars', { score: 3 })).toBe('3 من 5');
    expect(feedbackTranslate('fr')('feedback.title')).toBe('How was this chat?');
  });

  it("puts the site's own texts in place of its defaults, in every language", () => {
    const texts = { 'feedback.title': 'Rate Acme', title: 'Chat with Acme', 'feedback.up': '' };
    expect(feedbackTranslate('es', texts)('feedback.title')).toBe('Rate Acme');
    // An empty site text keeps the default, as withSiteTexts does for the dictionary.
    expect(feedbackTranslate('es', texts)('feedback.up')).toBe('Bien');
  });
});
