/**
 * Days as `<input type="date">` writes them (`2026-03-12`), as the moments a search range needs,
 * in the agent's own time zone: a range from one day to another takes in both days whole.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const parse = (value: string, plusDays: number): number | undefined => {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  return new Date(year, month - 1, day + plusDays).getTime();
};

/**
 * Midnight at the start of the day; undefined when the field is empty or not a date.
 * @example dayStart('2026-03-12') // the time of 12 March 2026, 00:00 local
 */
export const dayStart = (value: string): number | undefined => parse(value, 0);

/**
 * Midnight at the end of the day (the next one's start): the exclusive end of a range.
 * @example dayEnd('2026-03-12') // the time of 13 March 2026, 00:00 local
 */
export const dayEnd = (value: string): number | undefined => parse(value, 1);

/**
 * A moment's local day as the field shows it; `dayEnd`'s answer shows as the day it ends.
 * @example dateField(dayEnd('2026-03-12') ?? 0, true) // '2026-03-12'
 */
export function dateField(at: number, isEnd = false): string {
  const date = new Date(at);
  if (isEnd) date.setDate(date.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
