import type { OutboxEntry } from '@parley/client';
import type { StatusEvent, VisitorSendInput } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { agent, changed, message, site, summary } from './chat-fixtures.js';
import {
  activeSession,
  type ChatAction,
  type ChatState,
  chatReducer,
  initialChatState,
  isShownStatus,
} from './chat-reducer.js';

const reduce = (actions: ChatAction[], state: ChatState = initialChatState()): ChatState =>
  actions.reduce(chatReducer, state);

const entry = (
  clientId: string,
  text: string,
  state: 'sending' | 'failed' = 'sending',
): OutboxEntry<VisitorSendInput> => ({
  clientId,
  payload: { clientId, text },
  state,
  ...(state === 'failed' ? { error: { code: 'rate_limited', message: 'slow down' } } : {}),
});

const texts = (state: ChatState, sessionId: string) =>
  (state.events[sessionId] ?? []).map((e) =>
    e.type === 'message' ? e.text : e.type === 'session.changed' ? `[${e.to}]` : '[feedback]',
  );

describe('chatReducer: events', () => {
  it('keeps each session in seq order, whatever order events come in, and drops duplicates', () => {
    const state = reduce([
      { type: 'event', event: message('s1', 2, 'two') },
      { type: 'event', event: changed('s1', 1, 'created', 'bot') },
      { type: 'event', event: message('s1', 3, 'three') },
      { type: 'event', event: message('s1', 2, 'two again') },
    ]);
    expect(texts(state, 's1')).toEqual(['[bot]', 'two', 'three']);
    expect(state.events.s1?.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('returns the same state for a duplicate, so nothing re-renders', () => {
    const state = reduce([{ type: 'event', event: message('s1', 1, 'hi') }]);
    expect(chatReducer(state, { type: 'event', event: message('s1', 1, 'hi') })).toBe(state);
  });

  it('learns a session from its first event and tracks its status by seq', () => {
    let state = reduce([{ type: 'event', event: changed('s1', 1, 'created', 'bot') }]);
    expect(state.sessions.s1).toMatchObject({ status: 'bot', statusSeq: 1 });
    state = reduce([{ type: 'event', event: changed('s1', 3, 'bot', 'queued') }], state);
    // A summary older than what the events said does not roll the status back.
    state = reduce([{ type: 'session', session: summary('s1', 'bot', 2, 500) }], state);
    expect(state.sessions.s1).toMatchObject({ status: 'queued', createdAt: 500 });
  });

  it('announces only messages from others that arrive after the first sync', () => {
    let state = reduce([{ type: 'event', event: message('s1', 1, 'old welcome') }]);
    expect(state.announcement).toBeUndefined();
    state = reduce(
      [{ type: 'synced' }, { type: 'event', event: message('s1', 2, 'mine', 'visitor') }],
      state,
    );
    expect(state.announcement).toBeUndefined();
    state = reduce([{ type: 'event', event: message('s1', 3, 'news') }], state);
    expect(state.announcement).toMatchObject({ kind: 'message', event: { text: 'news' } });
  });
});

describe('chatReducer: own messages', () => {
  it('shows a message from the outbox until its event with the same client id arrives', () => {
    let state = reduce([{ type: 'outbox', entries: [entry('c-one-000', 'hello')] }]);
    expect(state.outbox).toEqual([{ clientId: 'c-one-000', text: 'hello', state: 'sending' }]);

    // The event comes first, the ack (delivery drops the entry) second: shown once throughout.
    state = reduce([{ type: 'event', event: message('s1', 1, 'hello', 'visitor', 'c-one-000') }], state);
    expect(state.outbox).toEqual([]);
    expect(texts(state, 's1')).toEqual(['hello']);
    state = reduce([{ type: 'outbox', entries: [] }], state);
    expect(state.outbox).toEqual([]);
  });

  it('keeps an acked message as sent until its event arrives, never listing it twice', () => {
    let state = reduce([
      { type: 'outbox', entries: [entry('c-one-000', 'one')] },
      { type: 'outbox', entries: [] },
    ]);
    expect(state.outbox).toEqual([{ clientId: 'c-one-000', text: 'one', state: 'sent' }]);
    state = reduce([{ type: 'event', event: message('s1', 1, 'one', 'visitor', 'c-one-000') }], state);
    expect(state.outbox).toEqual([]);
  });

  it('does not bring back an entry whose event is already shown', () => {
    const state = reduce([
      { type: 'outbox', entries: [entry('c-one-000', 'one')] },
      { type: 'event', event: message('s1', 1, 'one', 'visitor', 'c-one-000') },
      // Delivery has not seen the ack yet when a second message is queued.
      { type: 'outbox', entries: [entry('c-one-000', 'one'), entry('c-two-000', 'two')] },
    ]);
    expect(state.outbox.map((p) => p.clientId)).toEqual(['c-two-000']);
  });

  it('marks a refused message failed, and sending again on retry, in place', () => {
    let state = reduce([
      { type: 'outbox', entries: [entry('c-one-000', 'one'), entry('c-two-000', 'two')] },
      { type: 'outbox', entries: [entry('c-one-000', 'one', 'failed'), entry('c-two-000', 'two')] },
    ]);
    expect(state.outbox[0]).toEqual({
      clientId: 'c-one-000',
      text: 'one',
      state: 'failed',
      error: { code: 'rate_limited', message: 'slow down' },
    });
    state = reduce(
      [{ type: 'outbox', entries: [entry('c-one-000', 'one'), entry('c-two-000', 'two')] }],
      state,
    );
    expect(state.outbox.map((p) => [p.clientId, p.state])).toEqual([
      ['c-one-000', 'sending'],
      ['c-two-000', 'sending'],
    ]);
  });
});

describe('chatReducer: connection and panel', () => {
  it('moves through connection states, keeping the reason for an error until online again', () => {
    let state = initialChatState();
    expect(state.connection).toBe('connecting');
    state = reduce([{ type: 'connection', status: 'online' }], state);
    expect(state.connection).toBe('online');
    state = reduce([{ type: 'connection', status: 'offline' }], state);
    expect(state.connection).toBe('offline');
    const error = { code: 'origin_not_allowed', message: 'no' };
    state = reduce([{ type: 'connection', status: 'error', error }], state);
    expect(state).toMatchObject({ connection: 'error', connectionError: error });
    state = reduce([{ type: 'connection', status: 'online' }], state);
    expect(state.connection).toBe('online');
    expect(state.connectionError).toBeUndefined();
  });

  it('opens and closes the panel, and sets and clears a command error', () => {
    let state = reduce([{ type: 'panel', open: true }]);
    expect(state.open).toBe(true);
    expect(chatReducer(state, { type: 'panel', open: true })).toBe(state);
    state = reduce([{ type: 'error', error: { code: 'internal', message: 'x' } }], state);
    expect(state.error?.code).toBe('internal');
    state = reduce([{ type: 'error' }, { type: 'panel', open: false }], state);
    expect(state.error).toBeUndefined();
    expect(state.open).toBe(false);
  });

  it('tracks who is typing, ignoring the visitor, until they stop or their message arrives', () => {
    const bot = { role: 'bot' as const, id: 'bot-1', name: 'Parley bot' };
    let state = reduce([
      { type: 'typing', notice: { sessionId: 's1', author: { role: 'visitor', id: 'v1' }, on: true } },
    ]);
    expect(state.typing).toEqual({});
    state = reduce([{ type: 'typing', notice: { sessionId: 's1', author: bot, on: true } }], state);
    expect(state.typing.s1).toEqual(bot);
    state = reduce([{ type: 'event', event: message('s1', 1, 'hi') }], state);
    expect(state.typing).toEqual({});
    state = reduce(
      [
        { type: 'typing', notice: { sessionId: 's1', author: bot, on: true } },
        { type: 'typing', notice: { sessionId: 's1', author: bot, on: false } },
      ],
      state,
    );
    expect(state.typing).toEqual({});
  });
});

describe('chatReducer: sessions', () => {
  it('orders sessions oldest first and, after a close, takes the new session as the active one', () => {
    let state = reduce([
      { type: 'session', session: summary('s2', 'bot', 0, 2000) },
      { type: 'session', session: summary('s1', 'bot', 0, 1000) },
    ]);
    expect(state.order).toEqual(['s1', 's2']);

    state = reduce([{ type: 'session', session: summary('s2', 'closed', 4, 2000) }], state);
    state = reduce([{ type: 'session', session: summary('s1', 'closed', 3, 1000) }], state);
    expect(activeSession(state)).toBeUndefined();

    // The next message opens a new session: it is learnt from its events alone.
    state = reduce(
      [
        { type: 'event', event: changed('s3', 1, 'created', 'bot', 3000) },
        { type: 'event', event: message('s3', 2, 'hello again', 'visitor') },
      ],
      state,
    );
    expect(state.order).toEqual(['s1', 's2', 's3']);
    expect(activeSession(state)?.id).toBe('s3');
    expect(state.sessions.s2?.status).toBe('closed');
  });

  it('closes a session through its session.changed event', () => {
    const state = reduce([
      { type: 'session', session: summary('s1', 'bot', 1, 1000) },
      { type: 'event', event: changed('s1', 1, 'created', 'bot') },
      { type: 'event', event: message('s1', 2, 'welcome') },
      { type: 'event', event: changed('s1', 3, 'bot', 'closed') },
    ]);
    expect(state.sessions.s1?.status).toBe('closed');
    expect(activeSession(state)).toBeUndefined();
    expect(texts(state, 's1')).toEqual(['[bot]', 'welcome', '[closed]']);
  });
});

describe('chatReducer: handoff to humans', () => {
  const queued = (position: number, etaSeconds: number | null = null, sessionId = 's1') => ({
    type: 'queue' as const,
    notice: { sessionId, position, etaSeconds },
  });
  const live: ChatAction[] = [
    { type: 'synced' },
    { type: 'event', event: changed('s1', 1, 'created', 'bot') },
  ];

  it('keeps the site from identity', () => {
    const state = reduce([{ type: 'site', site }]);
    expect(state.site).toEqual(site);
  });

  it('shows and announces the status changes a visitor cares about, not the plumbing', () => {
    const shown = (from: StatusEvent['from'], to: StatusEvent['to']) =>
      isShownStatus(changed('s1', 2, from, to));
    expect(shown('created', 'bot')).toBe(false);
    expect(shown('bot', 'bot')).toBe(false);
    expect(shown('queued', 'queued')).toBe(false);
    expect(shown('bot', 'queued')).toBe(true);
    expect(shown('queued', 'assigned')).toBe(true);
    expect(shown('assigned', 'queued')).toBe(true);
    expect(shown('assigned', 'bot')).toBe(true);
    expect(shown('queued', 'bot')).toBe(true);
    expect(shown('bot', 'offline')).toBe(true);
    expect(shown('offline', 'closed')).toBe(true);

    let state = reduce(live);
    expect(state.announcement).toBeUndefined();
    const joined = changed('s1', 2, 'queued', 'assigned', 1000, agent);
    state = reduce([{ type: 'event', event: joined }], state);
    expect(state.announcement).toEqual({ kind: 'status', event: joined });
  });

  it('does not announce status changes replayed by the first sync', () => {
    const state = reduce([
      { type: 'event', event: changed('s1', 1, 'created', 'bot') },
      { type: 'event', event: changed('s1', 2, 'bot', 'queued') },
    ]);
    expect(state.announcement).toBeUndefined();
  });

  it('keeps the place in line of a queued session and announces each change once', () => {
    let state = reduce([...live, { type: 'event', event: changed('s1', 2, 'bot', 'queued') }]);
    state = reduce([queued(2, 170)], state);
    expect(state.queue).toEqual({ sessionId: 's1', position: 2, etaSeconds: 170 });
    expect(state.announcement).toEqual({ kind: 'queue', notice: state.queue });
    expect(chatReducer(state, queued(2, 170))).toBe(state);
    state = reduce([queued(1)], state);
    expect(state.queue).toEqual({ sessionId: 's1', position: 1, etaSeconds: null });
    expect(state.announcement).toEqual({ kind: 'queue', notice: state.queue });
  });

  it('keeps a notice that comes before its queued event, and ignores one for a session past the queue', () => {
    let state = reduce([...live, queued(3)]);
    expect(state.queue?.position).toBe(3);
    expect(state.announcement).toBeUndefined();
    state = reduce([{ type: 'event', event: changed('s1', 2, 'bot', 'queued') }], state);
    expect(state.queue?.position).toBe(3);

    state = reduce([{ type: 'event', event: changed('s1', 3, 'queued', 'assigned', 1000, agent) }], state);
    expect(chatReducer(state, queued(1))).toBe(state);
  });

  it('clears the place in line when the session leaves the queue, by event or by summary', () => {
    const waiting = reduce([...live, { type: 'event', event: changed('s1', 2, 'bot', 'queued') }, queued(1)]);
    for (const to of ['assigned', 'bot', 'offline', 'closed'] as const) {
      const state = reduce([{ type: 'event', event: changed('s1', 3, 'queued', to) }], waiting);
      expect(state.queue).toBeUndefined();
    }
    // A transfer to another queue keeps it until the next notice.
    expect(
      reduce([{ type: 'event', event: changed('s1', 3, 'queued', 'queued') }], waiting).queue,
    ).toBeDefined();
    expect(
      reduce([{ type: 'session', session: summary('s1', 'assigned', 3, 1000) }], waiting).queue,
    ).toBeUndefined();
    expect(
      reduce([{ type: 'session', session: summary('s1', 'queued', 2, 1000) }], waiting).queue,
    ).toBeDefined();
    // Another session's change leaves it alone.
    expect(
      reduce([{ type: 'event', event: changed('s2', 1, 'created', 'closed') }], waiting).queue,
    ).toBeDefined();
  });

  it('announces agents’ messages like the bot’s', () => {
    const state = reduce([...live, { type: 'event', event: message('s1', 2, 'Hi, Ada here', 'agent') }]);
    expect(state.announcement).toEqual({ kind: 'message', event: message('s1', 2, 'Hi, Ada here', 'agent') });
  });
});

describe('chatReducer: forms', () => {
  const error = { code: 'internal', message: 'boom' };

  it('tracks a submission from sending to failed (keeping its client id) to done', () => {
    let state = reduce([{ type: 'submit', kind: 'offline', sessionId: 's1', clientId: 'c-offline-1' }]);
    expect(state.submissions.offline).toEqual({ sessionId: 's1', clientId: 'c-offline-1', state: 'sending' });
    state = reduce([{ type: 'submitted', kind: 'offline', clientId: 'c-offline-1', error }], state);
    expect(state.submissions.offline).toEqual({
      sessionId: 's1',
      clientId: 'c-offline-1',
      state: 'failed',
      error,
    });
    state = reduce(
      [
        { type: 'submit', kind: 'offline', sessionId: 's1', clientId: 'c-offline-1' },
        { type: 'submitted', kind: 'offline', clientId: 'c-offline-1' },
      ],
      state,
    );
    expect(state.submissions.offline).toEqual({ sessionId: 's1', clientId: 'c-offline-1', state: 'done' });
  });

  it('keeps each form apart and ignores the ack of a submission that was replaced', () => {
    const state = reduce([
      { type: 'submit', kind: 'feedback', sessionId: 's1', clientId: 'c-old' },
      { type: 'submit', kind: 'feedback', sessionId: 's2', clientId: 'c-new' },
      { type: 'submit', kind: 'handoff', sessionId: 's2', clientId: 'c-handoff' },
    ]);
    expect(chatReducer(state, { type: 'submitted', kind: 'feedback', clientId: 'c-old' })).toBe(state);
    expect(chatReducer(state, { type: 'submitted', kind: 'offline', clientId: 'c-new' })).toBe(state);
    expect(state.submissions.handoff?.state).toBe('sending');
  });

  it('moves on from the latest session only once it is closed', () => {
    let state = reduce([{ type: 'event', event: changed('s1', 1, 'created', 'bot') }]);
    expect(chatReducer(state, { type: 'moveOn' })).toBe(state);
    state = reduce([{ type: 'event', event: changed('s1', 2, 'bot', 'closed') }, { type: 'moveOn' }], state);
    expect(state.movedOn).toBe('s1');
    expect(chatReducer(state, { type: 'moveOn' })).toBe(state);
  });
});
