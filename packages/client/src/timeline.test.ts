import type { SessionEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { Timeline } from './timeline.js';

const event = (seq: number, sessionId = 's1'): SessionEvent => ({
  type: 'message',
  sessionId,
  seq,
  at: seq,
  clientId: `c${seq}`,
  author: { role: 'visitor', id: 'v' },
  text: `m${seq}`,
});

describe('Timeline', () => {
  it('keeps events in seq order and drops duplicates', () => {
    const timeline = new Timeline();
    expect(timeline.add(event(1))).toEqual({ kind: 'added', events: [event(1)] });
    expect(timeline.add(event(2)).kind).toBe('added');
    expect(timeline.add(event(2))).toEqual({ kind: 'duplicate' });
    expect(timeline.add(event(1))).toEqual({ kind: 'duplicate' });
    expect(timeline.events('s1').map((e) => e.seq)).toEqual([1, 2]);
    expect(timeline.lastSeq('s1')).toBe(2);
  });

  it('holds an event that arrives ahead of a hole and releases it in order', () => {
    const timeline = new Timeline();
    timeline.add(event(1));
    expect(timeline.add(event(4))).toEqual({ kind: 'gap', expected: 2 });
    expect(timeline.add(event(3))).toEqual({ kind: 'gap', expected: 2 });
    expect(timeline.add(event(4))).toEqual({ kind: 'duplicate' });
    expect(timeline.lastSeq('s1')).toBe(1);
    expect(timeline.add(event(2))).toEqual({ kind: 'added', events: [event(2), event(3), event(4)] });
    expect(timeline.events('s1').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('reports one cursor per known session, tracked ones at 0', () => {
    const timeline = new Timeline();
    timeline.add(event(1, 'a'));
    timeline.add(event(2, 'a'));
    timeline.track('b');
    timeline.add(event(5, 'c'));
    expect(timeline.cursors()).toEqual({ a: 2, b: 0, c: 0 });
    expect(timeline.has('b')).toBe(true);
    expect(timeline.has('zz')).toBe(false);
  });
});
