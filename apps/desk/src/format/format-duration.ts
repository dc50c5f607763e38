/**
 * A wait as a clock reads it: `m:ss` under an hour, `h:mm:ss` after. Negative (a server clock
 * ahead of the browser's) counts as zero.
 * @example formatDuration(65_000) // '1:05'
 * @example formatDuration(3_725_000) // '1:02:05'
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
