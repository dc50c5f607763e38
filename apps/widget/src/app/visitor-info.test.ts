import { describe, expect, it } from 'vitest';
import { toVisitorInfo } from './visitor-info.js';

describe('toVisitorInfo', () => {
  it('clips the host context to the server limits and drops empty fields', () => {
    const info = toVisitorInfo(
      {
        source: 'parley',
        type: 'context',
        page: `https://a.test/${'x'.repeat(3000)}`,
        title: '',
        referrer: '',
        locale: 'de-DE',
      },
      'en',
    );
    expect(info.page).toHaveLength(2000);
    expect(info).not.toHaveProperty('title');
    expect(info.locale).toBe('de-DE');
    expect(toVisitorInfo(undefined, 'fr')).toEqual({ locale: 'fr' });
  });
});
