import { describe, expect, it } from 'vitest';
import { brandColors } from './brand-color.js';

describe('brandColors', () => {
  it('takes hex brand colours only, with readable text on them', () => {
    expect(brandColors('#4f46e5')).toEqual({ brand: '#4f46e5', onBrand: '#ffffff' });
    expect(brandColors('#fc0')).toEqual({ brand: '#fc0', onBrand: '#111111' });
    expect(brandColors('red;background:url(x)')).toBeNull();
    expect(brandColors(null)).toBeNull();
  });
});
