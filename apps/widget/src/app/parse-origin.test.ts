import { describe, expect, it } from 'vitest';
import { parseOrigin } from './parse-origin.js';

describe('parseOrigin', () => {
  it('takes an exact origin as the host, nothing more', () => {
    expect(parseOrigin('https://shop.example')).toBe('https://shop.example');
    expect(parseOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(parseOrigin('https://shop.example/')).toBeNull();
    expect(parseOrigin('https://shop.example:443')).toBeNull();
    expect(parseOrigin('javascript:alert(1)')).toBeNull();
    expect(parseOrigin('*')).toBeNull();
    expect(parseOrigin(null)).toBeNull();
  });
});
