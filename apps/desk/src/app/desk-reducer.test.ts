import type { OutboxEntry } from '@parley/client';
import type {
  AgentProfile,
  AgentSendInput,
  MessageEvent,
  OfflineEntry,
  Presence,
  QueueEntry,
  SessionEvent,
  SessionSummary,
  StatusEvent,
} from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { deskReducer } from './desk-reducer.js';
import {
  canAccept,
  chatList,
  listedChats,
  unreadChats,
  unreadCount,
  whereNow,
  worksOnSeveralSites,
} from './desk-selectors.js';
import { type Chat, type DeskAction, type DeskState, initialDeskState } from './desk-state.js';

const alice: AgentProfile = {
  id: 'alice',
  name: 'Alice Martin',
  email: 'alice@parley.demo',
  teams: ['support'],
  skills: ['english'],
  capacity: 3,
  role: 'agent',
};

const reduce = (actions: DeskAction[], state: DeskState = initialDeskState(alice)): DeskState =>
  actions.reduce(deskReducer, state);

const summary = (
  id: string,
  status: SessionSummary['status'],
  lastSeq: number,
  handler: SessionSummary['handler'] = status === 'assigned' ? { kind: 'agent', id: 'alice' } : null,
): SessionSummary => ({
  id,
  siteKey: 'demo',
  visitorId: `v-${id}`,
  status,
  handler,
  lastSpeaker: null,
  lastSeq,
  createdAt: 1000,
  updatedAt: 1000,
  visitor: { name: `Visitor ${id}` },
  data: {},
  routing: { queue: 'support', since: 900 },
});

const message = (
  sessionId: string,
  seq: number,
  text: string,
  role: 'visitor' | 'bot' | 'agent' = 'visitor',
  clientId = `c-${sessionId}-${seq}`,
): MessageEvent => ({
  type: 'message',
  sessionId,
  seq,
  at: 2000 + seq,
  clientId,
  author: { role, id: role === 'agent' ? 'alice' : `${role}-1` },
  text,
});

const changed = (
  sessionId: string,
  seq: number,
  from: StatusEvent['from'],
  to: StatusEvent['to'],
  reason = 'test',
  by?: StatusEvent['by'],
): StatusEvent => ({
  type: 'session.changed',
  sessionId,
  seq,
  at: 2000 + seq,
  from,
  to,
  reason,
  ...(by ? { by } : {}),
});

const session = (s: SessionSummary, seen = 0, self = false): DeskAction => ({
  type: 'session',
  session: s,
  seen,
  self,
});
const event = (e: SessionEvent): DeskAction => ({ type: 'event', event: e });

const texts = (state: DeskState, sessionId: string) =>
  (state.events[sessionId] ?? []).map((e) => (e.type === 'message' ? e.text : `[${e.type}]`));

const presence = (agentId: string, status: Presence['status'], since: number, reason?: string): Presence => ({
  agentId,
  status,
  since,
  ...(reason ? { reason } : {}),
});

describe('deskReducer: sync merge', () => {
  it('lists a synced chat with its events, and keeps the newest status across summaries and events', () => {
    const state = reduce([
      session(summary('s1', 'assigned', 3)),
      event(message('s1', 1, 'hello', 'visitor')),
      event(message('s1', 2, 'let me find someone', 'bot')),
      event(changed('s1', 3, 'queued', 'assigned')),
    ]);
    expect(state.chats.s1).toMatchObject({ status: 'assigned', statusSeq: 3, ended: false });
    expect(texts(state, 's1')).toEqual(['hello', 'let me find someone', '[session.changed]']);

    // A stale summary (older than what the events said) does not take the status back.
    const stale = reduce(
      [event(changed('s1', 4, 'assigned', 'closed')), session(summary('s1', 'assigned', 3))],
      state,
    );
    expect(stale.chats.s1).toMatchObject({ status: 'closed', statusSeq: 4, ended: true });
  });

  it('takes the visitor context of every summary, even an older one', () => {
    const first = reduce([session(summary('s1', 'assigned', 5))]);
    const later = { ...summary('s1', 'assigned', 5), visitor: { name: 'Ada', email: 'ada@example.com' } };
    const state = reduce([session(later)], first);
    expect(state.chats.s1?.session.visitor).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });

  it('keeps the higher of the stored and the known seen seq', () => {
    const state = reduce([
      { type: 'seen', sessionId: 's1', seq: 4 },
      session(summary('s1', 'assigned', 5), 2),
    ]);
    expect(state.seen.s1).toBe(4);
    expect(reduce([session(summary('s1', 'assigned', 5), 5)], state).seen.s1).toBe(5);
  });

  it("takes the server's read marks (issue 14): the agent's from any device, the visitor's, never back", () => {
    const read = { ...summary('s1', 'assigned', 6), read: { agent: 5, visitor: 4 } };
    const state = reduce([session(read, 2)]);
    expect(state.seen.s1).toBe(5);
    expect(state.visitorRead.s1).toBe(4);
    const later = reduce(
      [
        { type: 'visitorRead', sessionId: 's1', seq: 6 },
        { type: 'visitorRead', sessionId: 's1', seq: 3 },
      ],
      state,
    );
    expect(later.visitorRead.s1).toBe(6);
    expect(reduce([{ type: 'visitorRead', sessionId: 's1', seq: 2 }], later)).toBe(later);
  });
});

describe('deskReducer: events', () => {
  it('drops duplicates and puts late events in seq order', () => {
    const state = reduce([
      event(message('s1', 1, 'one')),
      event(message('s1', 3, 'three')),
      event(message('s1', 2, 'two')),
      event(message('s1', 3, 'three again')),
      event(message('s1', 1, 'one again')),
    ]);
    expect(texts(state, 's1')).toEqual(['one', 'two', 'three']);
  });

  it('returns the same state for a duplicate, so nothing re-renders', () => {
    const state = reduce([event(message('s1', 1, 'one'))]);
    expect(deskReducer(state, event(message('s1', 1, 'one')))).toBe(state);
  });

  it('replaces a pending message by its event, and keeps an acked one until then', () => {
    const entry = (
      clientId: string,
      state: 'sending' | 'failed' = 'sending',
    ): OutboxEntry<AgentSendInput> => ({
      clientId,
      payload: { sessionId: 's1', clientId, text: `text ${clientId}` },
      state,
    });
    const sending = reduce([{ type: 'outbox', entries: [entry('a'), entry('b', 'failed')] }]);
    expect(sending.outbox.map((p) => [p.clientId, p.state])).toEqual([
      ['a', 'sending'],
      ['b', 'failed'],
    ]);
    const acked = reduce([{ type: 'outbox', entries: [entry('b', 'failed')] }], sending);
    expect(acked.outbox.map((p) => [p.clientId, p.state])).toEqual([
      ['a', 'sent'],
      ['b', 'failed'],
    ]);
    const echoed = reduce([event(message('s1', 1, 'text a', 'agent', 'a'))], acked);
    expect(echoed.outbox.map((p) => p.clientId)).toEqual(['b']);
  });

  it('shows the visitor typing until they stop or their message arrives', () => {
    const typing = (on: boolean): DeskAction => ({
      type: 'typing',
      notice: { sessionId: 's1', author: { role: 'visitor', id: 'v' }, on },
    });
    expect(reduce([typing(true)]).typing).toEqual({ s1: true });
    expect(reduce([typing(true), typing(false)]).typing).toEqual({});
    expect(reduce([typing(true), event(message('s1', 1, 'hi', 'visitor'))]).typing).toEqual({});
    // Another agent's or a bot's typing is not the visitor's.
    const bot: DeskAction = {
      type: 'typing',
      notice: { sessionId: 's1', author: { role: 'bot', id: 'b' }, on: true },
    };
    expect(reduce([bot]).typing).toEqual({});
  });
});

describe('deskReducer: unread', () => {
  const chat = () =>
    reduce([
      session(summary('s1', 'assigned', 5)),
      event(message('s1', 1, 'hi', 'visitor')),
      event(message('s1', 2, 'hello, how can I help?', 'bot')),
      event(message('s1', 3, 'a human please', 'visitor')),
      event(changed('s1', 4, 'queued', 'assigned')),
      event(message('s1', 5, 'still there?', 'visitor')),
    ]);

  it('counts the visitor messages newer than what the agent has seen', () => {
    const state = chat();
    expect(unreadCount(state, 's1')).toBe(3);
    expect(unreadCount(reduce([{ type: 'seen', sessionId: 's1', seq: 3 }], state), 's1')).toBe(1);
    expect(unreadCount(reduce([{ type: 'seen', sessionId: 's1', seq: 5 }], state), 's1')).toBe(0);
  });

  it('never moves seen backwards (another tab may report an older seq)', () => {
    const state = reduce([{ type: 'seen', sessionId: 's1', seq: 5 }], chat());
    expect(deskReducer(state, { type: 'seen', sessionId: 's1', seq: 2 })).toBe(state);
  });

  it('counts chats with something unread for the title', () => {
    const two = reduce(
      [session(summary('s2', 'assigned', 1)), event(message('s2', 1, 'hey', 'visitor'))],
      chat(),
    );
    expect(unreadChats(two)).toBe(2);
    expect(unreadChats(reduce([{ type: 'seen', sessionId: 's2', seq: 1 }], two))).toBe(1);
  });

  it('starts from the seen seq kept in storage (a reload)', () => {
    const state = reduce(
      [
        session(summary('s1', 'assigned', 2), 1),
        event(message('s1', 1, 'old')),
        event(message('s1', 2, 'new')),
      ],
      initialDeskState(alice),
    );
    expect(unreadCount(state, 's1')).toBe(1);
  });
});

describe('deskReducer: queue and offline messages', () => {
  const entry = (id: string, position: number): QueueEntry => ({
    session: summary(id, 'queued', 2),
    position,
  });

  it('replaces the queue with each broadcast', () => {
    const state = reduce([
      { type: 'queue', entries: [entry('q1', 1), entry('q2', 2)] },
      { type: 'queue', entries: [entry('q2', 1)] },
    ]);
    expect(state.queue.map((e) => [e.session.id, e.position])).toEqual([['q2', 1]]);
  });

  it('puts a new offline message first, once', () => {
    const offline = (id: string, seq: number): OfflineEntry => ({
      session: summary(id, 'offline', seq),
      form: {
        type: 'form',
        form: 'offline',
        sessionId: id,
        seq,
        at: 5000,
        clientId: `f-${id}`,
        author: { role: 'visitor', id: 'v' },
        fields: { email: 'ada@example.com', message: 'Call me' },
      },
    });
    const state = reduce([
      { type: 'offline.list', entries: [offline('o1', 3)] },
      { type: 'offline.new', entry: offline('o2', 4) },
      { type: 'offline.new', entry: offline('o2', 4) },
    ]);
    expect(state.offline.map((e) => e.session.id)).toEqual(['o2', 'o1']);
  });
});

describe('deskReducer: presence', () => {
  it('takes the own presence from welcome, and every agent’s from the list and broadcasts', () => {
    const state = reduce([
      {
        type: 'welcome',
        agent: alice,
        presence: presence('alice', 'notready', 10, 'signed-in'),
        reasons: ['break', 'lunch'],
        directory: { agents: [], queues: [], teams: ['support'], skills: [] },
      },
      {
        type: 'team',
        agents: [presence('alice', 'notready', 10, 'signed-in'), presence('bob', 'ready', 5)],
        reasons: ['break', 'lunch'],
      },
      { type: 'presence', presence: presence('alice', 'ready', 20) },
      { type: 'presence', presence: presence('bob', 'notready', 30, 'lunch') },
    ]);
    expect(state.presence).toEqual(presence('alice', 'ready', 20));
    expect(state.team.alice?.status).toBe('ready');
    expect(state.team.bob).toEqual(presence('bob', 'notready', 30, 'lunch'));
    expect(state.reasons).toEqual(['break', 'lunch']);
    expect(state.email).toBe(false);
  });

  it('offers email replies only when the welcome says the server sends email', () => {
    const welcome = (email?: boolean) =>
      reduce([
        {
          type: 'welcome',
          agent: alice,
          presence: presence('alice', 'ready', 10),
          reasons: [],
          directory: { agents: [], queues: [], teams: [], skills: [] },
          ...(email === undefined ? {} : { email }),
        },
      ]).email;
    expect([welcome(true), welcome(false), welcome()]).toEqual([true, false, false]);
  });

  it('keeps the newer presence when an older answer arrives late', () => {
    const state = reduce([
      { type: 'presence', presence: presence('alice', 'ready', 20) },
      { type: 'team', agents: [presence('alice', 'notready', 10, 'signed-in')], reasons: [] },
    ]);
    expect(state.presence?.status).toBe('ready');
    expect(state.team.alice?.status).toBe('ready');
  });
});

describe('deskReducer: assignment alerts', () => {
  it('does not ring for chats already there at the first sync (a reload)', () => {
    const state = reduce([session(summary('s1', 'assigned', 1)), { type: 'synced' }]);
    expect(state.alerts).toBe(0);
  });

  it('rings once for each new assignment after the first sync', () => {
    const state = reduce([
      { type: 'synced' },
      session(summary('s1', 'assigned', 1)),
      session(summary('s1', 'assigned', 1)),
      session(summary('s2', 'assigned', 1)),
    ]);
    expect(state.alerts).toBe(2);
  });

  it('does not ring for a chat the agent accepted, nor for one that is not theirs', () => {
    const state = reduce([
      { type: 'synced' },
      session(summary('s1', 'assigned', 1), 0, true),
      session(summary('s2', 'assigned', 1, { kind: 'agent', id: 'bob' })),
      session(summary('s3', 'closed', 1)),
    ]);
    expect(state.alerts).toBe(0);
  });

  it('rings again when an ended chat comes back to the agent', () => {
    const state = reduce([
      { type: 'synced' },
      session(summary('s1', 'assigned', 1), 0, true),
      event(changed('s1', 2, 'assigned', 'queued', 'transfer')),
      session(summary('s1', 'assigned', 3)),
    ]);
    expect(state.alerts).toBe(1);
    expect(state.chats.s1?.ended).toBe(false);
  });
});

describe('deskReducer: ended chats', () => {
  const assigned = () => reduce([{ type: 'synced' }, session(summary('s1', 'assigned', 1), 0, true)]);

  it.each([
    ['closed', 'closed'],
    ['transferred', 'queued'],
    ['handed back', 'bot'],
  ] as const)('marks a chat %s as ended, and keeps it listed', (_, to) => {
    const state = reduce([event(changed('s1', 2, 'assigned', to))], assigned());
    expect(state.chats.s1).toMatchObject({ status: to, ended: true });
    expect(chatList(state).map((c) => c.id)).toEqual(['s1']);
  });

  it('lists ended chats after the ones still the agent’s', () => {
    const state = reduce(
      [session({ ...summary('s0', 'closed', 4), createdAt: 1 }), session(summary('s2', 'assigned', 1))],
      assigned(),
    );
    expect(chatList(state).map((c) => [c.id, c.ended])).toEqual([
      ['s1', false],
      ['s2', false],
      ['s0', true],
    ]);
  });

  it('is assigned to a colleague in a replay: ended for this agent', () => {
    const bob = { role: 'agent', id: 'bob', name: 'Bob' } as const;
    const state = reduce([event(changed('s1', 2, 'queued', 'assigned', 'accept', bob))], assigned());
    expect(state.chats.s1?.ended).toBe(true);
  });

  it('dismisses only ended chats, leaves their view, and ignores later syncs of them', () => {
    const active = assigned();
    expect(deskReducer(active, { type: 'dismiss', sessionId: 's1' })).toBe(active);

    const ended = reduce(
      [
        { type: 'show', view: { kind: 'chat', sessionId: 's1' } },
        event(changed('s1', 2, 'assigned', 'closed')),
      ],
      active,
    );
    const dismissed = reduce([{ type: 'dismiss', sessionId: 's1' }], ended);
    expect(dismissed.chats).toEqual({});
    expect(dismissed.view).toEqual({ kind: 'queue' });
    expect(reduce([session(summary('s1', 'closed', 2))], dismissed).chats).toEqual({});
    // Assigned to the agent again: back in the list.
    expect(reduce([session(summary('s1', 'assigned', 4))], dismissed).chats.s1?.ended).toBe(false);
  });
});

describe('deskReducer: where a chat went, and a new one opening', () => {
  const assigned = () => reduce([{ type: 'synced' }, session(summary('s1', 'assigned', 1), 0, true)]);
  const withDirectory = (state: DeskState): DeskState => ({
    ...state,
    directory: { ...state.directory, agents: [{ id: 'bob', name: 'Bob Stone', teams: [], skills: [] }] },
  });

  it('tells a chat transferred to a colleague from an ended one (it is live with them)', () => {
    const bob = { role: 'agent', id: 'alice', name: 'Alice Martin' } as const;
    const transferred = reduce(
      [
        event({
          ...changed('s1', 2, 'assigned', 'assigned', 'transfer', bob),
          handler: { kind: 'agent', id: 'bob' },
        }),
      ],
      withDirectory(assigned()),
    );
    expect(transferred.chats.s1?.ended).toBe(true);
    expect(whereNow(transferred, transferred.chats.s1 as Chat)).toEqual({ kind: 'agent', name: 'Bob Stone' });
    const handedBack = reduce(
      [
        event({
          ...changed('s1', 2, 'assigned', 'bot', 'handback'),
          handler: { kind: 'bot', id: 'welcome' },
        }),
      ],
      assigned(),
    );
    expect(whereNow(handedBack, handedBack.chats.s1 as Chat)).toEqual({ kind: 'bot' });
    const closed = reduce([event(changed('s1', 2, 'assigned', 'closed'))], assigned());
    expect(whereNow(closed, closed.chats.s1 as Chat)).toEqual({ kind: 'closed' });
    expect(whereNow(assigned(), assigned().chats.s1 as Chat)).toBeNull();
  });

  it('opens a chat given to the agent while they look at the queue, and only then', () => {
    const onQueue = reduce([session(summary('s2', 'assigned', 1))], assigned());
    expect(onQueue.view).toEqual({ kind: 'chat', sessionId: 's2' });
    const inAnother = reduce(
      [{ type: 'show', view: { kind: 'chat', sessionId: 's1' } }, session(summary('s2', 'assigned', 1))],
      assigned(),
    );
    expect(inAnother.view).toEqual({ kind: 'chat', sessionId: 's1' });
    // Chats the agent already had at login (before the first sync) do not take over the screen.
    const atLogin = reduce([session(summary('s2', 'assigned', 1))]);
    expect(atLogin.view).toEqual({ kind: 'queue' });
  });
});

describe('deskReducer: login and previews', () => {
  it('starts each login from a clean state, and keeps the error of a failed one', () => {
    const used = reduce([session(summary('s1', 'assigned', 1)), { type: 'synced' }]);
    const out = reduce([{ type: 'logged.out', error: { code: 'expired', message: 'gone' } }], used);
    expect(out.chats).toEqual({});
    expect(out.auth).toEqual({ status: 'out', busy: false, error: { code: 'expired', message: 'gone' } });
    expect(reduce([{ type: 'login.started' }], out).auth).toEqual({ status: 'out', busy: true });
    expect(reduce([{ type: 'logged.in', agent: alice }], out).auth).toEqual({ status: 'in', agent: alice });
  });

  it('ignores the answer of a preview that was closed or replaced meanwhile', () => {
    const loading = reduce([{ type: 'preview', preview: { sessionId: 'q1', status: 'loading' } }]);
    const answer: DeskAction = {
      type: 'preview',
      preview: { sessionId: 'q0', status: 'error', error: { code: 'not_found', message: 'gone' } },
    };
    expect(deskReducer(loading, answer)).toBe(loading);
    expect(reduce([{ type: 'preview' }], loading).preview).toBeUndefined();
  });
});

describe('deskReducer: a visitor erased from this desk', () => {
  it('forgets their chats’ messages and details, offline messages and preview, and keeps the chat as a shell', () => {
    const state = reduce([
      session({ ...summary('s1', 'assigned', 2), visitor: { name: 'Ada', email: 'ada@example.com' } }),
      event(message('s1', 1, 'My phone is 555-0100', 'visitor')),
      { type: 'typing', notice: { sessionId: 's1', author: { role: 'visitor', id: 'v' }, on: true } },
      session(summary('s2', 'assigned', 1)),
      event(message('s2', 1, 'Someone else', 'visitor')),
      {
        type: 'preview',
        preview: {
          sessionId: 's1',
          status: 'ready',
          sync: { session: summary('s1', 'assigned', 2), events: [] },
        },
      },
    ]);
    const erased = reduce([{ type: 'erased', visitor: { siteKey: 'demo', visitorId: 'v-s1' } }], state);
    expect(erased.chats.s1).toMatchObject({ erased: true, session: { visitor: {}, data: {} } });
    expect(erased.events.s1).toBeUndefined();
    expect(erased.typing.s1).toBeUndefined();
    expect(erased.preview).toBeUndefined();
    expect(erased.records.erased).toEqual({ 'demo/v-s1': true });
    // Another visitor's chat is untouched.
    expect(texts(erased, 's2')).toEqual(['Someone else']);
    expect(erased.chats.s2?.erased).toBeUndefined();
  });
});

describe('deskReducer: agents across sites (issue 15, item 4)', () => {
  const directory = {
    agents: [],
    queues: [],
    teams: [],
    skills: [],
    sites: [
      { key: 'demo', feedbackScale: 'stars' as const, name: 'Demo shop', teams: ['sales'], skills: [] },
      { key: 'north', feedbackScale: 'stars' as const, name: 'North shop', teams: ['billing'], skills: [] },
    ],
  };
  const welcomed = (activeSite?: string | null) =>
    reduce([
      {
        type: 'welcome',
        agent: alice,
        presence: { agentId: 'alice', status: 'ready', since: 1 },
        reasons: [],
        directory,
        ...(activeSite === undefined ? {} : { activeSite }),
      },
    ]);

  it('keeps the active site the welcome and a switch name, and the site the list is filtered by', () => {
    expect(welcomed().activeSite).toBeNull();
    expect(welcomed('north').activeSite).toBe('north');
    expect(worksOnSeveralSites(welcomed())).toBe(true);
    expect(worksOnSeveralSites(initialDeskState(alice))).toBe(false);
    const switched = reduce([{ type: 'site.active', siteKey: 'demo' }], welcomed());
    expect(switched.activeSite).toBe('demo');
    expect(reduce([{ type: 'site.active', siteKey: null }], switched).activeSite).toBeNull();

    const northChat = { ...summary('n1', 'assigned', 1), siteKey: 'north' };
    const both = reduce([session(summary('d1', 'assigned', 1)), session(northChat)], welcomed());
    expect(listedChats(both).map((c) => c.id)).toEqual(['d1', 'n1']);
    const filtered = reduce([{ type: 'site.filter', siteKey: 'north' }], both);
    expect(listedChats(filtered).map((c) => c.id)).toEqual(['n1']);
    expect(listedChats(reduce([{ type: 'site.filter', siteKey: null }], filtered))).toHaveLength(2);
  });

  it("offers to accept a team's chat on the site where the agent is in that team", () => {
    const entry = (siteKey: string, team: string): QueueEntry => ({
      session: { ...summary('q', 'queued', 1), siteKey, routing: { queue: 'support', team, since: 1 } },
      position: 1,
    });
    const state = welcomed();
    expect(canAccept(state, entry('demo', 'sales'))).toBe(true);
    expect(canAccept(state, entry('demo', 'billing'))).toBe(false);
    expect(canAccept(state, entry('north', 'billing'))).toBe(true);
    // A site the directory does not describe: the agent's own teams.
    expect(canAccept(state, entry('south', 'support'))).toBe(true);
  });
});
