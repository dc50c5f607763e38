import { describe, expect, it } from 'vitest';
import { TIME_GAP_MS, timeLabel } from './time-label.js';

describe('timeLabel', () => {
  const now = new Date(2026, 11, 4, 15, 30).getTime();
  const at = new Date(2026, 11, 4, 14, 5).getTime();

  it('labels the first message, and one after a pause of 5 minutes or more, with the time today', () => {
    expect(timeLabel(at, undefined, now, 'en')).toBe('2:05 PM');
    expect(timeLabel(at, at - TIME_GAP_MS, now, 'en')).toBe('2:05 PM');
    expect(timeLabel(at, at - TIME_GAP_MS, now, 'de')).toBe('14:05');
  });

  it('groups messages close together: no label', () => {
    expect(timeLabel(at, at - TIME_GAP_MS + 1, now, 'en')).toBeNull();
    expect(timeLabel(at, at, now, 'en')).toBeNull();
  });

  it('says the date too before today, and labels a message on another day than the one before', () => {
    const yesterday = new Date(2026, 11, 3, 23, 58).getTime();
    const justAfterMidnight = new Date(2026, 11, 4, 0, 1).getTime();
    expect(timeLabel(yesterday, undefined, now, 'en')).toBe('Dec 3, 2026, 11:58 PM');
    expect(timeLabel(justAfterMidnight, yesterday, now, 'en')).toBe('12:01 AM');
  });
});
