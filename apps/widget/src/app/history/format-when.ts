/**
 * A moment in the visitor's language: the time alone when it is today, else the date and time.
 * @example formatWhen(Date.now(), 'de') // '14:05'
 */
export function formatWhen(at: number, locale: string, now = Date.now()): string {
  const date = new Date(at);
  const today = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(date);
}

/**
 * The time of day alone, for the messages of a conversation whose date is in its heading.
 * @example formatClock(at, 'en') // '2:05 PM'
 */
export function formatClock(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(at);
}
