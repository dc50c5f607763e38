import { describe, expect, it } from 'vitest';
import { createTranslate } from './translate.js';

describe('createTranslate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = createTranslate({ joined: '{name} joined {where}' });
    expect(t('joined', { name: 'Ada' })).toBe('Ada joined {where}');
  });
});
