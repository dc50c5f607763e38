import { describe, expect, it } from 'vitest';
import { type ChatAction, chatReducer, initialChatState } from '../chat-reducer.js';
import { timelineItems } from './timeline-items.js';

const author = { role: 'bot' as const, id: 'b' };

describe('timelineItems', () => {
  it('lists sessions oldest first with a divider between them, then pending messages', () => {
    const actions: ChatAction[] = [
      {
        type: 'event',
        event: {
          type: 'session.changed',
          sessionId: 's2',
          seq: 1,
          at: 20,
          from: 'created',
          to: 'bot',
          reason: 'entry',
        },
      },
      {
        type: 'event',
        event: { type: 'message', sessionId: 's2', seq: 2, at: 21, clientId: 'x2', author, text: 'again' },
      },
      {
        type: 'event',
        event: { type: 'message', sessionId: 's1', seq: 1, at: 10, clientId: 'x1', author, text: 'welcome' },
      },
      {
        type: 'event',
        event: {
          type: 'session.changed',
          sessionId: 's1',
          seq: 2,
          at: 11,
          from: 'bot',
          to: 'closed',
          reason: 'visitor',
        },
      },
      {
        type: 'outbox',
        entries: [
          { clientId: 'c-pending-1', payload: { clientId: 'c-pending-1', text: 'hi' }, state: 'sending' },
        ],
      },
    ];
    const state = actions.reduce(chatReducer, initialChatState());
    expect(timelineItems(state).map((item) => item.key)).toEqual([
      's1:1',
      's1:2',
      'divider:s2',
      's2:2',
      'pending:c-pending-1',
    ]);
  });
});
