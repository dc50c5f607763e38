import type { ConversationRecord, Transcript } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { message } from '../chat-fixtures.js';
import { canLoadMore, type HistoryState, historyReducer, initialHistoryState } from './history-reducer.js';

const record = (id: string, createdAt: number): ConversationRecord => ({
  id,
  siteKey: 'demo',
  visitorId: 'v1',
  status: 'closed',
  handler: null,
  queue: null,
  team: null,
  agents: [],
  createdAt,
  updatedAt: createdAt,
  closedAt: createdAt,
  lastSeq: 2,
  lastMessage: { seq: 2, text: `last of ${id}`, author: { role: 'bot', id: 'bot' }, at: createdAt },
  rating: null,
  context: {},
  direction: 'inbound',
  deleted: false,
  correlationId: null,
});

const reduce = (state: HistoryState, ...actions: Parameters<typeof historyReducer>[1][]) =>
  actions.reduce(historyReducer, state);

describe('historyReducer', () => {
  it('lists pages newest first, each conversation once, until the last page', () => {
    const first = reduce(
      initialHistoryState,
      { type: 'asked', request: 1 },
      { type: 'page', request: 1, page: { sessions: [record('s3', 3), record('s2', 2)], next: 'c2' } },
    );
    expect(first).toMatchObject({ loaded: true, next: 'c2' });
    expect(first.asking).toBeUndefined();
    expect(canLoadMore(first)).toBe(true);

    // s2 moved to the next page meanwhile: listed once, where it was first.
    const second = reduce(
      first,
      { type: 'asked', request: 2 },
      { type: 'page', request: 2, page: { sessions: [record('s2', 2), record('s1', 1)], next: null } },
    );
    expect(second.sessions.map((s) => s.id)).toEqual(['s3', 's2', 's1']);
    expect(canLoadMore(second)).toBe(false);
  });

  it('loads nothing more while a page is on its way, and drops the answer to an older request', () => {
    const asking = reduce(initialHistoryState, { type: 'asked', request: 1 }, { type: 'asked', request: 2 });
    expect(canLoadMore(asking)).toBe(false);
    const late = historyReducer(asking, {
      type: 'page',
      request: 1,
      page: { sessions: [record('old', 1)], next: null },
    });
    expect(late).toBe(asking);
    expect(
      historyReducer(asking, { type: 'failed', request: 1, error: { code: 'timeout', message: '' } }),
    ).toBe(asking);
  });

  it('keeps why a page failed until it is asked for again', () => {
    const failed = reduce(
      initialHistoryState,
      { type: 'asked', request: 1 },
      { type: 'failed', request: 1, error: { code: 'unavailable', message: 'records away' } },
    );
    expect(failed).toMatchObject({ loaded: false, error: { code: 'unavailable' } });
    expect(failed.asking).toBeUndefined();
    expect(historyReducer(failed, { type: 'asked', request: 2 }).error).toBeUndefined();
  });

  it('opens a conversation read-only, keeps only the answer for the one open, and closes it', () => {
    const transcript: Transcript = { session: record('s1', 1), events: [message('s1', 1, 'Hello')] };
    const opened = reduce(initialHistoryState, { type: 'open', sessionId: 's1' });
    expect(opened.opened).toEqual({ sessionId: 's1' });
    expect(historyReducer(opened, { type: 'transcript', sessionId: 's2', transcript })).toBe(opened);
    const shown = historyReducer(opened, { type: 'transcript', sessionId: 's1', transcript });
    expect(shown.opened).toEqual({ sessionId: 's1', transcript });
    const failed = historyReducer(opened, {
      type: 'transcript',
      sessionId: 's1',
      error: { code: 'not_found', message: '' },
    });
    expect(failed.opened).toEqual({ sessionId: 's1', error: { code: 'not_found', message: '' } });
    expect(historyReducer(shown, { type: 'close' }).opened).toBeUndefined();
  });
});
