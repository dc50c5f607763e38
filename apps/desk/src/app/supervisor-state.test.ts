import type { AgentNote, SessionEvent, SessionSummary } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { initialSupervisorState, supervisorReducer } from './supervisor-state.js';

const session: SessionSummary = {
  id: 's1',
  siteKey: 'demo',
  visitorId: 'v1',
  status: 'assigned',
  handler: { kind: 'agent', id: 'bob' },
  lastSpeaker: 'visitor',
  lastSeq: 2,
  createdAt: 1000,
  updatedAt: 1000,
  visitor: {},
  data: {},
};

const message = (seq: number, sessionId = 's1'): SessionEvent => ({
  type: 'message',
  sessionId,
  seq,
  at: 1000 + seq,
  author: { role: 'visitor', id: 'v1' },
  clientId: `c-${seq}-00000`,
  text: `m${seq}`,
});

const note = (clientId: string): AgentNote => ({
  sessionId: 's1',
  clientId,
  author: { role: 'agent', id: 'sue', name: 'Sue' },
  text: 'Offer free shipping',
  at: 1,
  visibility: 'agents',
  to: 'bob',
});

describe('the supervisor state', () => {
  const opened = supervisorReducer(initialSupervisorState(), {
    type: 'monitor.opened',
    sync: { session, events: [message(1), message(2)] },
  });

  it('adds a monitored chat’s new entries once, in seq order, and none of another chat', () => {
    let state = supervisorReducer(opened, { type: 'monitor.event', event: message(4) });
    state = supervisorReducer(state, { type: 'monitor.event', event: message(3) });
    state = supervisorReducer(state, { type: 'monitor.event', event: message(3) });
    expect(supervisorReducer(state, { type: 'monitor.event', event: message(5, 's2') })).toBe(state);
    expect(state.monitor?.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('follows who has the chat from its status changes', () => {
    const changed: SessionEvent = {
      type: 'session.changed',
      sessionId: 's1',
      seq: 3,
      at: 1003,
      from: 'assigned',
      to: 'queued',
      reason: 'reassign',
      handler: { kind: 'queue', id: 'support' },
    };
    const state = supervisorReducer(opened, { type: 'monitor.event', event: changed });
    expect(state.monitor?.session).toMatchObject({
      status: 'queued',
      handler: { kind: 'queue', id: 'support' },
    });
    expect(supervisorReducer(state, { type: 'monitor.closed' }).monitor).toBeUndefined();
  });

  it('keeps each whisper once', () => {
    let state = supervisorReducer(opened, { type: 'note', note: note('w-00000001') });
    state = supervisorReducer(state, { type: 'note', note: note('w-00000001') });
    state = supervisorReducer(state, { type: 'note', note: note('w-00000002') });
    expect(state.notes.s1?.map((n) => n.clientId)).toEqual(['w-00000001', 'w-00000002']);
  });
});
