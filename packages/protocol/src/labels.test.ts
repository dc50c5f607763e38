import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { applyLabels, SessionLabelSchema } from './labels.js';
import { applyOffline } from './offline-state.js';
import { fillPlaceholders } from './placeholders.js';

describe('labels', () => {
  it('removes first, then adds; sorted, each once', () => {
    expect(applyLabels(['vip', 'new'], { add: ['refund', 'vip'], remove: ['new', 'vip'] })).toEqual([
      'refund',
      'vip',
    ]);
    expect(applyLabels(undefined, { remove: ['x'] })).toEqual([]);
  });

  it('keeps labels in lower case and refuses odd ones and empty changes', () => {
    expect(v.parse(SessionLabelSchema, { sessionId: 's', add: [' VIP '] }).add).toEqual(['vip']);
    expect(v.safeParse(SessionLabelSchema, { sessionId: 's', add: ['<b>'] }).success).toBe(false);
    expect(v.safeParse(SessionLabelSchema, { sessionId: 's', add: ['x'.repeat(41)] }).success).toBe(false);
    expect(v.safeParse(SessionLabelSchema, { sessionId: 's', add: [], remove: [] }).success).toBe(false);
  });
});

describe('offline state', () => {
  it('assigns, marks done and opens again', () => {
    const assigned = applyOffline(undefined, { assignee: 'bob' }, 1);
    expect(assigned).toEqual({ assignee: 'bob' });
    expect(applyOffline(assigned, { done: { by: 'alice' } }, 2)).toEqual({
      assignee: 'bob',
      doneAt: 2,
      doneBy: 'alice',
    });
    expect(
      applyOffline({ assignee: 'bob', doneAt: 2, doneBy: 'alice' }, { assignee: null, done: null }, 3),
    ).toEqual({});
  });
});

describe('dotted placeholders', () => {
  it('fills {visitor.name} and keeps an unknown one visible', () => {
    expect(
      fillPlaceholders('Hi {visitor.name}, {agent.name} here {x.y}', {
        'visitor.name': 'Ada',
        'agent.name': 'Al',
      }),
    ).toBe('Hi Ada, Al here {x.y}');
  });
});
