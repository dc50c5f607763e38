import { createHash } from 'node:crypto';

/** How many (address, credential) pairs are kept at most: the oldest go first past it. */
const MAX_PAIRS = 10_000;

/**
 * The credentials (an API key, a bot's or an agent's token) that got in from an address within
 * the last `windowMs`, kept as a hash of the address and the whole credential. While an address
 * is refused for failed logins, these are still checked and let in: one client guessing behind
 * a shared address (a NAT, an office) does not lock out the others already at work there, and a
 * guesser gains nothing, since only a credential that got in passes, and it is checked again.
 * @example
 * const recent = recentlyGood(60_000, Date.now);
 * if (locked && !recent.has(ip, key)) refuse(); … recent.remember(ip, key);
 */
export function recentlyGood(windowMs: number, clock: () => number = Date.now) {
  const until = new Map<string, number>();
  const hash = (address: string, credential: string) =>
    createHash('sha256').update(address).update('\n').update(credential).digest('base64');
  return {
    /** Whether `credential` got in from `address` within the window. */
    has(address: string, credential: string): boolean {
      return (until.get(hash(address, credential)) ?? 0) > clock();
    },
    /** Notes that `credential` got in from `address` now. */
    remember(address: string, credential: string): void {
      const key = hash(address, credential);
      // Deleted first, so that the Map's insertion order stays the order of the last uses.
      until.delete(key);
      if (until.size >= MAX_PAIRS) until.delete(until.keys().next().value ?? '');
      until.set(key, clock() + windowMs);
    },
  };
}

export type RecentlyGood = ReturnType<typeof recentlyGood>;
