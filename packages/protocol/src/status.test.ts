import { describe, expect, it } from 'vitest';
import { canTransition, isOpen, SESSION_STATUSES, sourcesOf, TRANSITIONS } from './status.js';

const legal: Array<[string, string]> = [
  ['created', 'prechat'],
  ['created', 'bot'],
  ['created', 'assigned'],
  ['prechat', 'bot'],
  ['bot', 'queued'],
  ['bot', 'offline'],
  ['bot', 'closed'],
  ['queued', 'assigned'],
  ['queued', 'queued'],
  ['queued', 'offline'],
  ['assigned', 'queued'],
  ['assigned', 'closed'],
  ['assigned', 'offline'],
  ['offline', 'closed'],
];

describe('session status machine', () => {
  it.each(legal)('allows %s -> %s (from DESIGN.md)', (from, to) => {
    expect(canTransition(from as never, to as never)).toBe(true);
  });

  it('lets every open status time out to closed', () => {
    for (const from of SESSION_STATUSES.filter(isOpen)) expect(canTransition(from, 'closed')).toBe(true);
  });

  it('refuses every transition not in the table', () => {
    let refused = 0;
    for (const from of SESSION_STATUSES) {
      for (const to of SESSION_STATUSES) {
        if (TRANSITIONS[from].includes(to)) continue;
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(false);
        refused += 1;
      }
    }
    // 49 pairs, 22 legal: the rest must all have been checked above.
    expect(refused).toBe(49 - Object.values(TRANSITIONS).flat().length);
    expect(refused).toBeGreaterThan(20);
  });

  it('never leaves closed, and nothing returns to created', () => {
    for (const to of SESSION_STATUSES) expect(canTransition('closed', to)).toBe(false);
    for (const from of SESSION_STATUSES) expect(canTransition(from, 'created')).toBe(false);
  });

  it('lists the sources of a status consistently with canTransition', () => {
    expect(sourcesOf('assigned')).toEqual(['created', 'queued']);
    for (const to of SESSION_STATUSES) {
      for (const from of sourcesOf(to)) expect(canTransition(from, to)).toBe(true);
    }
  });
});
