/**
 * The state behind the site owner's API and the launcher's badge: read marks and the unread
 * count, the pre-chat form and who skips it, the events the page hears, and the browser memory.
 */
import { describe, expect, it } from 'vitest';
import { changed, feedback, message, site } from './chat-fixtures.js';
import { createChatMemory, parseReadMarks } from './chat-memory.js';
import {
  type ChatAction,
  type ChatState,
  chatReducer,
  initialChatState,
  needsPrechat,
  prechatForm,
  unreadCount,
} from './chat-reducer.js';
import { dockView } from './dock-view.js';
import { widgetEvents } from './host-events.js';
import { replayedCalls } from './page-link.js';
import { createTokenStore } from './token-store.js';

const reduce = (actions: ChatAction[], state: ChatState = initialChatState()): ChatState =>
  actions.reduce(chatReducer, state);
const synced = reduce([{ type: 'site', site }, { type: 'synced' }]);
const events = (...list: ChatAction[]) => list;
const arrive = (...list: Parameters<typeof message>[]) =>
  list.map((args): ChatAction => ({ type: 'event', event: message(...args) }));

describe('unread messages', () => {
  it('counts what the bot and agents said while the panel was closed, not the visitor’s own', () => {
    const state = reduce(
      arrive(['s1', 1, 'Hi'], ['s1', 2, 'Me', 'visitor'], ['s1', 3, 'Ada here', 'agent']),
      synced,
    );
    expect(unreadCount(state)).toBe(2);
    const opened = reduce([{ type: 'panel', open: true }], state);
    expect(unreadCount(opened)).toBe(0);
    expect(opened.readUpTo).toEqual({ s1: 3 });
    // While open, news is read as it comes; once closed again, it counts.
    const more = reduce(
      [...arrive(['s1', 4, 'Still there?']), { type: 'panel', open: false }, ...arrive(['s1', 5, 'Hello?'])],
      opened,
    );
    expect(unreadCount(more)).toBe(1);
  });

  it('takes the later read mark from another tab, never going back', () => {
    const state = reduce(arrive(['s1', 1, 'Hi'], ['s1', 2, 'Hey']), synced);
    expect(unreadCount(reduce([{ type: 'read', marks: { s1: 1 } }], state))).toBe(1);
    const read = reduce(
      [
        { type: 'read', marks: { s1: 2 } },
        { type: 'read', marks: { s1: 1 } },
      ],
      state,
    );
    expect(read.readUpTo).toEqual({ s1: 2 });
    expect(unreadCount(read)).toBe(0);
  });
  it("takes the server's marks (issue 14): the visitor's from any device, the other side's as seen", () => {
    const state = reduce(arrive(['s1', 1, 'Hi'], ['s1', 2, 'Me', 'visitor'], ['s1', 3, 'Hey']), synced);
    const marked = reduce(
      [
        { type: 'read', marks: { s1: 3 } },
        { type: 'read', marks: { s1: 2 }, seen: true },
        { type: 'read', marks: { s1: 1 }, seen: true },
      ],
      state,
    );
    expect(marked.readUpTo).toEqual({ s1: 3 });
    expect(marked.seenUpTo).toEqual({ s1: 2 });
    expect(unreadCount(marked)).toBe(0);
  });
});

describe('the pre-chat form', () => {
  it('is asked before the first session of a site that has one, until answered', () => {
    expect(needsPrechat(initialChatState())).toBe(false); // the site is not known yet
    expect(prechatForm(synced).map((f) => f.name)).toEqual(['name', 'consent']);
    expect(dockView(synced)).toEqual({ kind: 'prechat' });
    const answered = reduce([{ type: 'prechat', answers: { name: 'Ada', consent: 'true' } }], synced);
    expect(dockView(answered)).toEqual({ kind: 'composer', session: undefined });
    expect(needsPrechat(reduce([{ type: 'prechat' }], answered))).toBe(true);
  });

  it('is skipped for an identified visitor and for a template without one', () => {
    expect(needsPrechat(reduce([{ type: 'identified', user: { id: 'u1', name: 'Ada' } }], synced))).toBe(
      false,
    );
    const template = reduce([{ type: 'template', name: 'order' }], synced);
    expect(prechatForm(template)).toEqual([]);
    expect(needsPrechat(reduce([{ type: 'template' }], template))).toBe(true);
  });

  it('starts from the answers this browser remembers', () => {
    const remembered = initialChatState({ prechat: { name: 'Ada' }, readUpTo: { s1: 4 }, open: true });
    expect(remembered).toMatchObject({ open: true, prechat: { name: 'Ada' }, readUpTo: { s1: 4 } });
  });
});

describe('events for the page', () => {
  it('says ready once loaded, without replaying the history', () => {
    const loaded = reduce([{ type: 'site', site }, ...arrive(['s1', 1, 'Old news'])]);
    expect(widgetEvents(loaded, reduce([{ type: 'synced' }], loaded))).toEqual([
      { name: 'ready', data: { open: false } },
      { name: 'unread', data: { count: 1 } },
    ]);
  });

  it('tells opening, each new message, status change and rating, and the unread count', () => {
    const before = reduce(arrive(['s1', 1, 'Hi']), synced);
    const after = reduce(
      events(
        { type: 'event', event: message('s1', 2, 'Ada here', 'agent') },
        { type: 'event', event: changed('s1', 3, 'assigned', 'closed') },
        { type: 'event', event: feedback('s1', 4) },
      ),
      before,
    );
    expect(widgetEvents(before, after)).toEqual([
      {
        name: 'message',
        data: { sessionId: 's1', seq: 2, text: 'Ada here', author: { role: 'agent', name: 'Ada' } },
      },
      { name: 'session.changed', data: { sessionId: 's1', from: 'assigned', to: 'closed', reason: 'test' } },
      { name: 'feedback', data: { sessionId: 's1', score: 5 } },
      { name: 'unread', data: { count: 2 } },
    ]);
    const opened = reduce([{ type: 'panel', open: true }], after);
    expect(widgetEvents(after, opened)).toEqual([
      { name: 'open', data: {} },
      { name: 'unread', data: { count: 0 } },
    ]);
    expect(widgetEvents(opened, opened)).toEqual([]);
  });
});

describe('the browser memory', () => {
  const storage = () => {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
  };

  it('shares the visitor token between the site’s tabs, and keeps it for the page without storage', () => {
    const local = storage();
    const one = createTokenStore(local, 'parley:demo:token');
    const two = createTokenStore(local, 'parley:demo:token');
    expect(two.get()).toBeUndefined();
    // Tab one is issued a token after tab two started: tab two's next connect sends it.
    one.set('token-1');
    expect(two.get()).toBe('token-1');
    // A logout in tab two: tab one's next connect is a new visitor too.
    two.clear();
    expect(one.get()).toBeUndefined();
    expect(local.items.size).toBe(0);
    const blocked = createTokenStore(null, 'parley:demo:token');
    blocked.set('token-2');
    expect(blocked.get()).toBe('token-2');
  });

  it('keeps pre-chat answers and read marks per site, and reads damage as nothing', () => {
    const local = storage();
    const memory = createChatMemory(local, 'demo');
    expect(memory.prechat()).toBeUndefined();
    memory.savePrechat({ name: 'Ada' });
    memory.saveReadUpTo({ s1: 3 });
    expect(createChatMemory(local, 'demo').prechat()).toEqual({ name: 'Ada' });
    expect(createChatMemory(local, 'demo').readUpTo()).toEqual({ s1: 3 });
    expect(createChatMemory(local, 'other').prechat()).toBeUndefined();
    memory.savePrechat(undefined);
    expect(memory.prechat()).toBeUndefined();
    local.items.set('parley:demo:prechat', '{not json');
    expect(memory.prechat()).toBeUndefined();
    expect(parseReadMarks('{"s1":4,"s2":"x"}')).toEqual({ s1: 4 });
    expect(parseReadMarks('[1]')).toEqual({});
    expect(createChatMemory(null, 'demo').readUpTo()).toEqual({});
  });
});

describe('the calls kept across a reload as the verified user', () => {
  it('gives back the well-shaped calls once, and nothing for damaged storage', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
    items.set(
      'replay',
      JSON.stringify([
        { name: 'identify', value: { userId: 'u1', hash: 'ab' } },
        { name: 'startSession', value: { template: 'order', params: { order: 'A-1' } } },
        { name: 'startSession', value: { template: 7 } },
        { name: 'nonsense', value: 1 },
      ]),
    );
    expect(replayedCalls(storage, 'replay')).toEqual([
      { name: 'identify', value: { userId: 'u1', hash: 'ab' } },
      { name: 'startSession', value: { template: 'order', params: { order: 'A-1' } } },
    ]);
    expect(replayedCalls(storage, 'replay')).toEqual([]);
    items.set('replay', '{oops');
    expect(replayedCalls(storage, 'replay')).toEqual([]);
    expect(replayedCalls(null, 'replay')).toEqual([]);
  });
});
