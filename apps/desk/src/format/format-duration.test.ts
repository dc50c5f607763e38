import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it('reads like a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(9_999)).toBe('0:09');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_599_000)).toBe('59:59');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('counts a wait from the future (clock skew) as none', () => {
    expect(formatDuration(-5_000)).toBe('0:00');
  });
});
