import { describe, expect, it } from 'vitest';
import { answer } from './reply.js';

const said = (text: string) => ({
  type: 'message.created',
  data: { message: { text, author: { role: 'visitor' } } },
});

describe("the HTTP bot's answers", () => {
  it('welcomes a new session by first name, with the menu', () => {
    const [welcome] = answer(
      { type: 'session.created', data: { session: { visitor: { name: 'Ada Lovelace' } } } },
      'support',
    );
    expect(welcome).toMatchObject({ type: 'message', text: expect.stringMatching(/^Hi Ada!/) });
  });

  it('hands over to the queue when asked for a human or an agent', () => {
    for (const text of ['I want a human', 'agent please']) {
      expect(answer(said(text), 'support').map((a) => a.type)).toEqual(['message', 'route']);
    }
    expect(answer(said('agent'), 'billing').at(-1)).toEqual({ type: 'route', queue: 'billing' });
  });

  it('answers, says goodbye and closes, and ignores what is not a visitor message', () => {
    expect(answer(said('when are you open?'), 'support')).toEqual([
      { type: 'message', text: 'We are open Monday to Friday, 9:00 to 18:00 (CET).' },
    ]);
    expect(answer(said('bye'), 'support').map((a) => a.type)).toEqual(['message', 'close']);
    expect(answer({ type: 'session.changed', data: {} }, 'support')).toEqual([]);
    expect(
      answer(
        { type: 'message.created', data: { message: { text: 'hi', author: { role: 'bot' } } } },
        'support',
      ),
    ).toEqual([]);
  });
});
