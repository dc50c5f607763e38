import type { AgentProfile, SessionSummary } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { initialDeskState } from '../app/desk-state.js';
import { createDeskStore } from '../app/desk-store.js';
import { en } from '../i18n/en.js';
import { createTranslate } from '../i18n/translate.js';
import type { AlertSound } from './alert-sound.js';
import { watchAlerts } from './watch-alerts.js';

const alice: AgentProfile = {
  id: 'alice',
  name: 'Alice',
  email: 'a@x.y',
  teams: [],
  skills: [],
  capacity: 3,
  role: 'agent',
};

const assigned = (id: string): SessionSummary => ({
  id,
  siteKey: 'demo',
  visitorId: 'v',
  status: 'assigned',
  handler: { kind: 'agent', id: 'alice' },
  lastSpeaker: 'visitor',
  lastSeq: 1,
  createdAt: 0,
  updatedAt: 0,
  visitor: {},
  data: {},
});

function setup(muted = false) {
  const store = createDeskStore(initialDeskState(alice));
  const titles: string[] = [];
  let rings = 0;
  const sound: AlertSound = {
    unlock: () => undefined,
    play: () => {
      rings += 1;
      return !muted;
    },
  };
  watchAlerts(store, { sound, t: createTranslate(en), setTitle: (title) => titles.push(title) });
  const assign = (id: string) => {
    store.dispatch({ type: 'session', session: assigned(id), seen: 0, self: false });
    store.dispatch({
      type: 'event',
      event: {
        type: 'message',
        sessionId: id,
        seq: 1,
        at: 1,
        clientId: `c-${id}`,
        author: { role: 'visitor', id: 'v' },
        text: 'a human please',
      },
    });
  };
  return { store, titles, rings: () => rings, assign };
}

describe('watchAlerts', () => {
  it('rings for each new assignment and counts unread chats in the title until seen', () => {
    const { store, titles, rings, assign } = setup();
    store.dispatch({ type: 'synced' });
    assign('s1');
    assign('s2');
    expect(rings()).toBe(2);
    expect(titles).toEqual(['Parley desk', '(1) Parley desk', '(2) Parley desk']);
    store.dispatch({ type: 'seen', sessionId: 's1', seq: 1 });
    store.dispatch({ type: 'seen', sessionId: 's2', seq: 1 });
    expect(titles.slice(-2)).toEqual(['(1) Parley desk', 'Parley desk']);
  });

  it('says so when the browser keeps the sound muted', () => {
    const { store, assign } = setup(true);
    store.dispatch({ type: 'synced' });
    assign('s1');
    expect(store.getState().soundBlocked).toBe(true);
  });
});
