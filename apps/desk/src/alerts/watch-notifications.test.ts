import type { AgentProfile, SessionSummary } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { initialDeskState } from '../app/desk-state.js';
import { createDeskStore } from '../app/desk-store.js';
import { en } from '../i18n/en.js';
import { createTranslate } from '../i18n/translate.js';
import { type DeskNotification, watchNotifications } from './watch-notifications.js';

const alice: AgentProfile = {
  id: 'alice',
  name: 'Alice',
  email: 'a@x.y',
  teams: [],
  skills: [],
  capacity: 3,
  role: 'agent',
};

const assigned = (id: string, name: string): SessionSummary => ({
  id,
  siteKey: 'demo',
  visitorId: 'v',
  status: 'assigned',
  handler: { kind: 'agent', id: 'alice' },
  lastSpeaker: 'visitor',
  lastSeq: 1,
  createdAt: 0,
  updatedAt: 0,
  visitor: { name },
  data: {},
});

function setup() {
  const store = createDeskStore(initialDeskState(alice));
  const shown: DeskNotification[] = [];
  let hidden = true;
  watchNotifications(store, { t: createTranslate(en), hidden: () => hidden, show: (n) => shown.push(n) });
  const say = (sessionId: string, seq: number, text: string, role: 'visitor' | 'agent' = 'visitor') =>
    store.dispatch({
      type: 'event',
      event: {
        type: 'message',
        sessionId,
        seq,
        at: seq,
        clientId: `c-${sessionId}-${seq}`,
        author: { role, id: role === 'visitor' ? 'v' : 'alice' },
        text,
      },
    });
  const assign = (id: string, name: string) =>
    store.dispatch({ type: 'session', session: assigned(id, name), seen: 0, self: false });
  return { store, shown, say, assign, show: (value: boolean) => (hidden = !value) };
}

describe('desktop notifications', () => {
  it('tell of new chats and visitors’ messages while the desk is hidden, not of the first sync', () => {
    const { store, shown, say, assign, show } = setup();
    assign('s1', 'Ada');
    say('s1', 1, 'old news');
    store.dispatch({ type: 'synced' });
    expect(shown).toEqual([]);

    assign('s2', 'Grace');
    expect(shown).toEqual([{ title: 'New chat with Grace', body: '', tag: 's2' }]);
    say('s1', 2, 'Where is my parcel?');
    say('s1', 3, 'Thanks', 'agent');
    expect(shown.slice(1)).toEqual([{ title: 'Ada wrote', body: 'Where is my parcel?', tag: 's1' }]);

    show(true);
    say('s1', 4, 'seen already');
    expect(shown).toHaveLength(2);
  });
});
