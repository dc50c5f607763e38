/**
 * The estimated wait of the session at `position` in a queue, from the queue's recent waits:
 * their mean, for each place ahead (the first in line waits about one mean wait). Null when
 * the queue has no history yet: better no estimate than a made-up one.
 * @example estimateWaitSeconds([30_000, 90_000], 2) // 120
 */
export function estimateWaitSeconds(recentWaitsMs: number[], position: number): number | null {
  if (recentWaitsMs.length === 0) return null;
  const mean = recentWaitsMs.reduce((sum, wait) => sum + wait, 0) / recentWaitsMs.length;
  return Math.max(1, Math.round((mean * position) / 1000));
}
