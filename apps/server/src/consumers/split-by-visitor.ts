/**
 * Splits a round's sessions into at most `parts` groups of about as many events each, every
 * visitor's sessions in one group: written by concurrent statements, no two of them then touch
 * the same visitor's row (which could make them wait on, or deadlock with, each other).
 * @example splitByVisitor(round, 2) // [[a1, a2, c1], [b1]]
 */
export function splitByVisitor<T extends { session: { visitorId: string }; events: readonly unknown[] }>(
  sessions: readonly T[],
  parts: number,
): T[][] {
  const byVisitor = new Map<string, T[]>();
  for (const entry of sessions) {
    const mine = byVisitor.get(entry.session.visitorId) ?? [];
    mine.push(entry);
    byVisitor.set(entry.session.visitorId, mine);
  }
  const weight = (group: readonly T[]) => group.reduce((sum, entry) => sum + entry.events.length + 1, 0);
  // The heaviest visitors first, each to the lightest group so far.
  const visitors = [...byVisitor.values()].sort((a, b) => weight(b) - weight(a));
  const groups = Array.from({ length: Math.max(1, Math.min(parts, visitors.length)) }, () => ({
    entries: [] as T[],
    weight: 0,
  }));
  for (const visitor of visitors) {
    const lightest = groups.reduce((min, group) => (group.weight < min.weight ? group : min));
    lightest.entries.push(...visitor);
    lightest.weight += weight(visitor);
  }
  return groups.map((group) => group.entries).filter((entries) => entries.length > 0);
}
