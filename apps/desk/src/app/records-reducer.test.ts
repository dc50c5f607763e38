import type { AuditEntry, ConversationRecord, SearchHit, Transcript } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { recordsReducer } from './records-reducer.js';
import { initialRecordsState, type RecordsAction, type RecordsState } from './records-state.js';

const record = (id: string, visitorId = 'v1'): ConversationRecord => ({
  id,
  siteKey: 'demo',
  visitorId,
  status: 'closed',
  handler: null,
  queue: 'support',
  team: null,
  agents: ['alice'],
  createdAt: 1000,
  updatedAt: 1000,
  closedAt: 1000,
  lastSeq: 3,
  lastMessage: null,
  rating: null,
  context: {},
  direction: 'inbound',
  deleted: false,
  correlationId: null,
});

const hit = (id: string): SearchHit => ({
  session: record(id),
  visitor: { name: 'Ada', email: null },
  message: {
    seq: 1,
    at: 1000,
    author: { role: 'visitor', id: 'v1' },
    segments: [{ text: 'refund', match: true }],
  },
  matches: 1,
  visitorMatch: false,
  rank: 1,
});

const entry = (id: string): AuditEntry => ({
  id,
  at: 1000,
  actor: { kind: 'agent', id: 'alice' },
  action: 'visitor.erase',
  details: {},
});

const reduce = (actions: RecordsAction[], state: RecordsState = initialRecordsState()) =>
  actions.reduce(recordsReducer, state);

describe('recordsReducer', () => {
  it('shows the answer to the latest search only, and keeps why one failed until the next', () => {
    const state = reduce([
      { type: 'search.asked', request: 1, query: { text: 'refund' } },
      { type: 'search.asked', request: 2, query: { text: 'refund', offset: 20 } },
      { type: 'search.answered', request: 1, page: { hits: [hit('old')], total: 1 } },
    ]);
    expect(state.search).toMatchObject({ hits: [], asking: 2, query: { offset: 20 } });
    const answered = reduce(
      [{ type: 'search.answered', request: 2, page: { hits: [hit('s1')], total: 21 } }],
      state,
    );
    expect(answered.search.hits.map((h) => h.session.id)).toEqual(['s1']);
    expect(answered.search).toMatchObject({ total: 21 });
    expect(answered.search.asking).toBeUndefined();
    const failed = reduce(
      [
        { type: 'search.asked', request: 3, query: { text: 'x' } },
        { type: 'search.answered', request: 3, error: { code: 'unavailable', message: '' } },
      ],
      answered,
    );
    expect(failed.search.error).toMatchObject({ code: 'unavailable' });
    expect(
      reduce([{ type: 'search.asked', request: 4, query: { text: 'y' } }], failed).search.error,
    ).toBeUndefined();
  });

  it('pages a visitor’s conversations: the next after those shown, each once; a fresh first page in their place', () => {
    const state = reduce([
      { type: 'history.asked', visitor: 'demo/v1', request: 1, more: false },
      {
        type: 'history.answered',
        visitor: 'demo/v1',
        request: 1,
        page: { sessions: [record('s3'), record('s2')], next: 'c' },
      },
      { type: 'history.asked', visitor: 'demo/v1', request: 2, more: true },
      {
        type: 'history.answered',
        visitor: 'demo/v1',
        request: 2,
        page: { sessions: [record('s2'), record('s1')], next: null },
      },
    ]);
    expect(state.histories['demo/v1']).toMatchObject({ loaded: true, next: null });
    expect(state.histories['demo/v1']?.items.map((s) => s.id)).toEqual(['s3', 's2', 's1']);
    const fresh = reduce(
      [
        { type: 'history.asked', visitor: 'demo/v1', request: 3, more: false },
        { type: 'history.answered', visitor: 'demo/v1', request: 3, page: { sessions: [], next: null } },
      ],
      state,
    );
    expect(fresh.histories['demo/v1']?.items).toEqual([]);
    // An answer to a request no longer on its way changes nothing.
    expect(
      reduce(
        [
          {
            type: 'history.answered',
            visitor: 'demo/v1',
            request: 2,
            page: { sessions: [record('x')], next: null },
          },
        ],
        fresh,
      ),
    ).toBe(fresh);
  });

  it('opens a transcript, takes the answer for the one open only, keeps who the visitor is, and closes', () => {
    const transcript: Transcript = { session: record('s1'), events: [] };
    const open = reduce([
      { type: 'transcript', view: { sessionId: 's1', visitor: { name: 'Ada', email: null } } },
    ]);
    expect(reduce([{ type: 'transcript', view: { sessionId: 's2', transcript } }], open)).toBe(open);
    const shown = reduce([{ type: 'transcript', view: { sessionId: 's1', transcript } }], open);
    expect(shown.transcript).toEqual({ sessionId: 's1', visitor: { name: 'Ada', email: null }, transcript });
    expect(reduce([{ type: 'transcript' }], shown).transcript).toBeUndefined();
  });

  it('forgets an erased visitor’s name on the transcript shown and their search hits', () => {
    const transcript: Transcript = { session: record('s1'), events: [] };
    const state = reduce([
      { type: 'search.asked', request: 1, query: { text: 'refund' } },
      {
        type: 'search.answered',
        request: 1,
        page: { hits: [hit('s1'), { ...hit('s2'), session: record('s2', 'v2') }], total: 2 },
      },
      { type: 'transcript', view: { sessionId: 's1', visitor: { name: 'Ada', email: 'ada@example.com' } } },
      { type: 'transcript', view: { sessionId: 's1', transcript } },
      { type: 'erased', visitor: { siteKey: 'demo', visitorId: 'v1' } },
    ]);
    expect(state.transcript).toEqual({ sessionId: 's1', transcript });
    expect(state.search.hits.map((h) => h.session.id)).toEqual(['s2']);
    expect(state.search.total).toBe(1);
  });

  it('pages the audit log and remembers the visitors erased here', () => {
    const state = reduce([
      { type: 'audit.asked', request: 1, more: false },
      { type: 'audit.answered', request: 1, page: { entries: [entry('a2')], next: 'c' } },
      { type: 'audit.asked', request: 2, more: true },
      { type: 'audit.answered', request: 2, page: { entries: [entry('a1')], next: null } },
      { type: 'erased', visitor: { siteKey: 'demo', visitorId: 'v1' } },
    ]);
    expect(state.audit.items.map((e) => e.id)).toEqual(['a2', 'a1']);
    expect(state.erased).toEqual({ 'demo/v1': true });
  });
});
