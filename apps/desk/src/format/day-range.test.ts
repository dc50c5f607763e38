import { describe, expect, it } from 'vitest';
import { dateField, dayEnd, dayStart } from './day-range.js';

describe('day ranges from date fields', () => {
  it('takes in both days whole, in local time', () => {
    expect(dayStart('2026-03-12')).toBe(new Date(2026, 2, 12).getTime());
    expect(dayEnd('2026-03-12')).toBe(new Date(2026, 2, 13).getTime());
    // The last day of a month ends at the next month's first.
    expect(dayEnd('2026-01-31')).toBe(new Date(2026, 1, 1).getTime());
  });

  it('is undefined for an empty or malformed field', () => {
    expect(dayStart('')).toBeUndefined();
    expect(dayEnd('12/03/2026')).toBeUndefined();
  });

  it('shows a range’s ends as the days they were picked from', () => {
    expect(dateField(dayStart('2026-03-12') ?? 0)).toBe('2026-03-12');
    expect(dateField(dayEnd('2026-03-12') ?? 0, true)).toBe('2026-03-12');
  });
});
