/**
 * The `p`th quantile (0 to 1) of `values`, interpolating linearly between the two nearest ranks
 * (so the median of an even count is the mean of the middle two); null when there are none.
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = sorted[Math.floor(at)];
  return low + (sorted[Math.ceil(at)] - low) * (at - Math.floor(at));
}

/** The median of `values` (`quantile(values, 0.5)`). */
export const median = (values) => quantile(values, 0.5);
