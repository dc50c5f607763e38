/**
 * A moment in the agent's locale: the time alone when it is today, else the date and time.
 * @example formatTime(Date.now(), 'en-GB') // '14:05'
 */
export function formatTime(at: number, locale: string, now = Date.now()): string {
  const date = new Date(at);
  const today = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    today ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' },
  ).format(date);
}
