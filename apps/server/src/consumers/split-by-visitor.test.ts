import { describe, expect, it } from 'vitest';
import { splitByVisitor } from './split-by-visitor.js';

const entry = (visitorId: string, events: number, id = `${visitorId}-${events}`) => ({
  id,
  session: { visitorId },
  events: Array.from({ length: events }, (_, i) => i),
});

describe('splitByVisitor', () => {
  it('keeps every visitor in one group, balancing the events', () => {
    const round = [
      entry('a', 500),
      entry('b', 500),
      entry('a', 10, 'a-again'),
      entry('c', 480),
      entry('d', 30),
    ];
    const groups = splitByVisitor(round, 2);
    expect(groups).toHaveLength(2);
    expect(
      groups
        .flat()
        .map((e) => e.id)
        .sort(),
    ).toEqual(round.map((e) => e.id).sort());
    for (const visitor of ['a', 'b', 'c', 'd']) {
      expect(groups.filter((g) => g.some((e) => e.session.visitorId === visitor))).toHaveLength(1);
    }
    const weights = groups.map((g) => g.reduce((sum, e) => sum + e.events.length, 0));
    expect(Math.abs((weights[0] ?? 0) - (weights[1] ?? 0))).toBeLessThanOrEqual(500);
  });

  it('makes no more groups than visitors, and none empty', () => {
    expect(splitByVisitor([entry('a', 5), entry('a', 7, 'a2')], 2)).toHaveLength(1);
    expect(splitByVisitor([], 2)).toEqual([]);
    expect(splitByVisitor([entry('a', 1), entry('b', 1)], 1)).toHaveLength(1);
  });
});
