import { describe, expect, it } from 'vitest';
import { estimateWaitSeconds } from './wait-estimate.js';

describe('estimated wait', () => {
  it('gives none without history', () => {
    expect(estimateWaitSeconds([], 1)).toBeNull();
  });

  it('grows with the place in line, from the mean recent wait', () => {
    expect(estimateWaitSeconds([30_000, 90_000], 1)).toBe(60);
    expect(estimateWaitSeconds([30_000, 90_000], 3)).toBe(180);
  });

  it('never promises no wait at all', () => {
    expect(estimateWaitSeconds([10], 1)).toBe(1);
  });
});
