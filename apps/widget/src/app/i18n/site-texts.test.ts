import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { withSiteTexts } from './site-texts.js';

describe('withSiteTexts', () => {
  it('overrides dictionary keys and their aliases, and ignores unknown keys and blank texts', () => {
    const dictionary = withSiteTexts(en, {
      title: 'Chat with Acme',
      'composer.placeholder': 'Ask Acme…',
      'messages.empty': '',
      constructor: 'x',
      nonsense: 'y',
    });
    expect(dictionary['panel.title']).toBe('Chat with Acme');
    expect(dictionary['composer.placeholder']).toBe('Ask Acme…');
    expect(dictionary['messages.empty']).toBe(en['messages.empty']);
    expect(Object.keys(dictionary)).toEqual(Object.keys(en));
  });

  it('is the dictionary itself, copied, without site texts', () => {
    expect(withSiteTexts(en)).toEqual(en);
  });
});
