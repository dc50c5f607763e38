import { describe, expect, it } from 'vitest';
import { brandColors } from './brand-color.js';

describe('brandColors', () => {
  it('takes hex brand colours only, with readable text on them', () => {
    expect(brandColors('#4f46e5')).toMatchObject({ brand: '#4f46e5', onBrand: '#ffffff' });
    expect(brandColors('#fc0')).toMatchObject({ brand: '#fc0', onBrand: '#111111' });
    expect(brandColors('red;background:url(x)')).toBeNull();
    expect(brandColors(null)).toBeNull();
  });

  it('keeps the brand colour as text only on the theme backgrounds it is readable on', () => {
    // Indigo: 6.3:1 on white, 2.7:1 on the dark background.
    expect(brandColors('#4f46e5')).toMatchObject({ brandText: '#4f46e5', brandTextDark: '#f1f2f5' });
    // Yellow: 1.5:1 on white, 11:1 on the dark background.
    expect(brandColors('#fc0')).toMatchObject({ brandText: '#17181c', brandTextDark: '#fc0' });
  });
});
