import type { BusinessHours, WEEKDAYS } from '../config/config-schema.js';

/** The site's local date (YYYY-MM-DD), weekday and minute of the day at an instant. */
function localTime(timezone: string, at: number): { date: string; day: string; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: String(parts.weekday).slice(0, 3).toLowerCase(),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const minutes = (hhmm: string): number => {
  const [hours, mins] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
};

/**
 * Whether humans answer at an instant: inside one of the day's ranges, in the site's time zone
 * (daylight saving included), and not on a closed date. No business hours: always open.
 * @example isWithinBusinessHours({ timezone: 'Europe/Berlin', days: { mon: ['09:00-17:00'] }, closedDates: [] }, Date.parse('2026-11-23T09:30:00+01:00')) // true
 */
export function isWithinBusinessHours(hours: BusinessHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { date, day, minute } = localTime(hours.timezone, at);
  if (hours.closedDates.includes(date)) return false;
  const ranges = hours.days[day as (typeof WEEKDAYS)[number]] ?? [];
  return ranges.some((range) => {
    const [from = '', to = ''] = range.split('-');
    return minute >= minutes(from) && minute < minutes(to);
  });
}
