/** A gap this long between two messages earns the later one a time label (issue 14). */
export const TIME_GAP_MS = 5 * 60_000;

const dayOf = (at: number) => new Date(at).toDateString();

/**
 * The time label to show above a message sent at `at`, or null: the first message, one on
 * another day than the one before it, or one after a gap of 5 minutes or more. Today's say only
 * the time; older ones the date too, both written in the widget's language.
 * @example timeLabel(at, at - 60_000, Date.now(), 'en') // null: a minute after the one before
 */
export function timeLabel(
  at: number,
  before: number | undefined,
  now: number,
  locale: string,
): string | null {
  if (before !== undefined && at - before < TIME_GAP_MS && dayOf(at) === dayOf(before)) return null;
  const options: Intl.DateTimeFormatOptions =
    dayOf(at) === dayOf(now) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
