import { describe, expect, it } from 'vitest';
import { sharedDeadline } from './deadline.js';
import { TimeoutError } from './within.js';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('sharedDeadline', () => {
  it('passes answers and failures through, and fails only the calls that outlive the limit', async () => {
    const inTime = sharedDeadline(200);
    const never = new Promise<string>(() => {});
    const results = await Promise.allSettled([
      inTime(Promise.resolve('now')),
      inTime(later('soon', 20)),
      inTime(Promise.reject(new Error('refused'))),
      inTime(never),
      inTime(later('too late', 1000)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'now',
      'soon',
      'refused',
      'No answer within 200 ms',
      'No answer within 200 ms',
    ]);
    expect(results[3]?.status === 'rejected' && results[3].reason).toBeInstanceOf(TimeoutError);
  });

  it('keeps limiting after a quiet spell, a call started late getting its whole limit', async () => {
    const inTime = sharedDeadline(100);
    await expect(inTime(new Promise(() => {}))).rejects.toBeInstanceOf(TimeoutError);
    await later(null, 150);
    const startedAt = performance.now();
    await expect(inTime(new Promise(() => {}))).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(99);
    await expect(inTime(later('fine', 30))).resolves.toBe('fine');
  });
});
