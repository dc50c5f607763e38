import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../config/config-schema.js';
import { isWithinBusinessHours } from './business-hours.js';

const berlin: BusinessHours = {
  timezone: 'Europe/Berlin',
  days: { mon: ['09:00-12:00', '13:00-17:30'], sat: ['10:00-24:00'] },
  closedDates: ['2026-12-28'],
};

describe('business hours', () => {
  it('is always open without business hours', () => {
    expect(isWithinBusinessHours(undefined, Date.parse('2026-11-22T03:00:00Z'))).toBe(true);
  });

  it.each([
    ['2026-11-23T09:00:00+01:00', true],
    ['2026-11-23T08:59:00+01:00', false],
    ['2026-11-23T12:30:00+01:00', false],
    ['2026-11-23T17:29:00+01:00', true],
    ['2026-11-23T17:30:00+01:00', false],
    ['2026-11-24T10:00:00+01:00', false],
    ['2026-11-28T23:59:00+01:00', true],
  ])('reads %s in the site’s time zone as open: %s', (at, open) => {
    expect(isWithinBusinessHours(berlin, Date.parse(at))).toBe(open);
  });

  it('converts from UTC, summer time included', () => {
    // 07:30 UTC is 09:30 in Berlin in summer (UTC+2), 08:30 in winter (UTC+1).
    expect(isWithinBusinessHours(berlin, Date.parse('2026-07-06T07:30:00Z'))).toBe(true);
    expect(isWithinBusinessHours(berlin, Date.parse('2026-11-23T07:30:00Z'))).toBe(false);
  });

  it('is closed all day on a closed date', () => {
    expect(isWithinBusinessHours(berlin, Date.parse('2026-12-28T10:00:00+01:00'))).toBe(false);
  });
});
