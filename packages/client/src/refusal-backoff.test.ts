import { describe, expect, it } from 'vitest';
import { backoffDelay, createRefusalBackoff } from './refusal-backoff.js';

/** Timers the test runs by hand: each scheduled call with its delay. */
function manualTimers() {
  const due: Array<{ ms: number; run: () => void }> = [];
  return {
    due,
    later: (ms: number, run: () => void) => due.push({ ms, run }),
    runNext: () => due.shift()?.run(),
  };
}

describe('reconnecting after a refused handshake', () => {
  it('doubles the bound of a full-jitter delay up to the cap', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(0, 1_000, 30_000, top)).toBeCloseTo(1_000, 0);
    expect(backoffDelay(3, 1_000, 30_000, top)).toBeCloseTo(8_000, 0);
    expect(backoffDelay(5, 1_000, 30_000, top)).toBeCloseTo(30_000, 0);
    expect(backoffDelay(5_000, 1_000, 30_000, top)).toBeCloseTo(30_000, 0);
    expect(backoffDelay(3, 1_000, 30_000, () => 0)).toBe(0);
  });

  it('reconnects after rate_limited and unavailable, backing off, and never gives up', () => {
    const timers = manualTimers();
    let reconnects = 0;
    const backoff = createRefusalBackoff({
      reconnect: () => reconnects++,
      later: timers.later,
      random: () => 0.5,
    });
    const refusal = { code: 'rate_limited', message: 'Too many connections; retry in 42 s' };
    for (let attempt = 0; attempt < 12; attempt++) {
      expect(backoff.refused(attempt % 2 ? refusal : { code: 'unavailable', message: 'storage' })).toBe(true);
      timers.runNext();
    }
    expect(reconnects).toBe(12);
    backoff.refused(refusal);
    expect(timers.due[0]?.ms).toBe(15_000);
  });

  it('starts again from the base delay once connected, and schedules one reconnect at a time', () => {
    const timers = manualTimers();
    const backoff = createRefusalBackoff({ reconnect: () => {}, later: timers.later, random: () => 0.5 });
    const refusal = { code: 'unavailable', message: 'storage' };
    backoff.refused(refusal);
    expect(backoff.refused(refusal)).toBe(true);
    expect(timers.due).toHaveLength(1);
    timers.runNext();
    backoff.refused(refusal);
    expect(timers.due[0]?.ms).toBe(1_000);
    timers.runNext();
    backoff.connected();
    backoff.refused(refusal);
    expect(timers.due[0]?.ms).toBe(500);
  });

  it('leaves any other refusal to the caller', () => {
    const timers = manualTimers();
    const backoff = createRefusalBackoff({ reconnect: () => {}, later: timers.later });
    expect(backoff.refused({ code: 'unauthorized', message: 'Unknown visitor token' })).toBe(false);
    expect(backoff.refused({ code: 'origin_not_allowed', message: 'no' })).toBe(false);
    expect(backoff.refused(undefined)).toBe(false);
    expect(timers.due).toHaveLength(0);
  });
});
