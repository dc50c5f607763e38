import { describe, expect, it } from 'vitest';
import { parseMarkup } from './parse-markup.js';
import { plainText } from './plain-text.js';

describe('plainText', () => {
  it('keeps the words a formatted message shows, without its markers', () => {
    expect(plainText(parseMarkup('Hallo Ada, **Bob** hier.'))).toBe('Hallo Ada, Bob hier.');
    expect(plainText(parseMarkup('See _the_ [guide](https://docs.example/a) and `npm start`'))).toBe(
      'See the guide and npm start',
    );
    expect(plainText(parseMarkup('Steps:\n\n- one\n- **two**'))).toBe('Steps:\none\ntwo');
    expect(plainText(parseMarkup('```\ncode *here*\n```'))).toBe('code *here*');
  });
});
