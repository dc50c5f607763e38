import type { SessionEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { changed, feedback, message, offlineForm } from './chat-fixtures.js';
import { type ChatAction, type ChatState, chatReducer, initialChatState } from './chat-reducer.js';
import { dockView } from './dock-view.js';

const events = (...list: SessionEvent[]): ChatState =>
  list.map((event): ChatAction => ({ type: 'event', event })).reduce(chatReducer, initialChatState());

const chatted = [
  changed('s1', 1, 'created', 'bot'),
  message('s1', 2, 'hi', 'visitor'),
  changed('s1', 3, 'bot', 'queued'),
  changed('s1', 4, 'queued', 'assigned'),
];

describe('dockView', () => {
  it('shows the message box before any session and while one is open', () => {
    expect(dockView(initialChatState())).toEqual({ kind: 'composer', session: undefined });
    expect(dockView(events(...chatted))).toMatchObject({
      kind: 'composer',
      session: { id: 's1', status: 'assigned' },
    });
  });

  it('shows the offline form while nobody can chat, and its confirmation once sent (by ack or by log)', () => {
    const offline = events(changed('s1', 1, 'created', 'bot'), changed('s1', 2, 'bot', 'offline'));
    expect(dockView(offline)).toEqual({ kind: 'offline', sessionId: 's1', sent: false });

    const acked = [
      { type: 'submit', kind: 'offline', sessionId: 's1', clientId: 'c-offline-1' },
      { type: 'submitted', kind: 'offline', clientId: 'c-offline-1' },
    ] satisfies ChatAction[];
    expect(dockView(acked.reduce(chatReducer, offline))).toEqual({
      kind: 'offline',
      sessionId: 's1',
      sent: true,
    });
    expect(dockView(chatReducer(offline, { type: 'event', event: offlineForm('s1', 3) }))).toEqual({
      kind: 'offline',
      sessionId: 's1',
      sent: true,
    });
    // The server then closes the session: the confirmation stays, nothing to rate.
    const closed = [offlineForm('s1', 3), changed('s1', 4, 'offline', 'closed')].reduce(
      (state, event) => chatReducer(state, { type: 'event', event }),
      offline,
    );
    expect(dockView(closed)).toEqual({ kind: 'closed', sessionId: 's1', after: 'sent' });
  });

  it('asks for feedback once the latest session closed, whoever closed it', () => {
    expect(dockView(events(...chatted, changed('s1', 5, 'assigned', 'closed')))).toEqual({
      kind: 'closed',
      sessionId: 's1',
      after: 'ask',
    });
    // Feedback a bot collected does not count as the visitor's.
    expect(
      dockView(events(...chatted, feedback('s1', 5, 'bot'), changed('s1', 6, 'assigned', 'closed'))),
    ).toEqual({
      kind: 'closed',
      sessionId: 's1',
      after: 'ask',
    });
  });

  it('thanks instead of asking again once the visitor rated it, in this tab or as the log says', () => {
    const closed = events(...chatted, changed('s1', 5, 'assigned', 'closed'));
    const rated = [
      { type: 'submit', kind: 'feedback', sessionId: 's1', clientId: 'c-feedback-1' },
      { type: 'submitted', kind: 'feedback', clientId: 'c-feedback-1' },
    ] satisfies ChatAction[];
    expect(dockView(rated.reduce(chatReducer, closed))).toMatchObject({ kind: 'closed', after: 'thanks' });
    // After a reload: the feedback event is in the log.
    expect(
      dockView(events(...chatted, changed('s1', 5, 'assigned', 'closed'), feedback('s1', 6))),
    ).toMatchObject({
      kind: 'closed',
      after: 'thanks',
    });
    // A failed attempt still asks.
    const failed = [
      { type: 'submit', kind: 'feedback', sessionId: 's1', clientId: 'c-feedback-1' },
      {
        type: 'submitted',
        kind: 'feedback',
        clientId: 'c-feedback-1',
        error: { code: 'internal', message: 'x' },
      },
    ] satisfies ChatAction[];
    expect(dockView(failed.reduce(chatReducer, closed))).toMatchObject({ kind: 'closed', after: 'ask' });
  });

  it('shows the message box again when the visitor starts a new conversation, and for the new session', () => {
    const closed = events(...chatted, changed('s1', 5, 'assigned', 'closed'));
    expect(dockView(chatReducer(closed, { type: 'moveOn' }))).toEqual({
      kind: 'composer',
      session: undefined,
    });
    const next = [
      changed('s2', 1, 'created', 'bot', 5000),
      message('s2', 2, 'hello again', 'visitor'),
    ].reduce((state, event) => chatReducer(state, { type: 'event', event }), closed);
    expect(dockView(next)).toMatchObject({ kind: 'composer', session: { id: 's2', status: 'bot' } });
  });
});
